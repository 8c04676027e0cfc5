package org.smartclinic.drivers.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.ByteTransport;

/**
 * A real {@link DeviceLink} with the real BPM-200 driver over both TCP transports: a test socket plays the
 * serial-to-Ethernet converter, sends BPM-200 frames and reads the acknowledgements back, then drops the connection
 * once so the link has to reconnect.
 */
class TcpLinkTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final LocalDateTime MEASURED = LocalDateTime.of(2026, 11, 23, 10, 15, 0);
    private static final String HELLO = "SCGW:bp-3\r\n";

    private final DeviceDriverFactory bpm200 = DeviceDriverFactory.find("bpm200").orElseThrow();
    private final List<Reading> stored = new CopyOnWriteArrayList<>();
    private final List<String> states = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void link_overTcpClient_acksEachFrameStoresEachReadingOnceAndReconnects() throws Exception {
        ServerSocket converter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(converter);
        converter.setSoTimeout(5000);
        TcpClientSettings settings = TcpClientSettings.of("127.0.0.1", converter.getLocalPort());
        DeviceLink link = link("bp-1", () -> new TcpClientTransport(settings));

        link.start();
        try (Socket first = accepted(converter)) {
            first.getOutputStream().write(measurement(1, "128", "82"));
            assertThat(first.getInputStream().read()).isEqualTo(Bpm200Protocol.ACK);
        }
        try (Socket second = accepted(converter)) {
            second.getOutputStream().write(measurement(2, "131", "85"));
            assertThat(second.getInputStream().read()).isEqualTo(Bpm200Protocol.ACK);

            assertThat(stored).extracting(Reading::key).containsExactly("20261123101500#0001", "20261123101500#0002");
            assertThat(stored).extracting(Reading::deviceId).containsOnly("bp-1");
            assertThat(states).filteredOn(s -> s.startsWith("CONNECTED")).containsExactly(
                    "CONNECTED connected to tcp:" + settings.address(),
                    "CONNECTED connected to tcp:" + settings.address());
            assertThat(states).anySatisfy(s -> assertThat(s).startsWith("BACKOFF 127.0.0.1:"
                    + converter.getLocalPort() + " closed the connection"));
        }
    }

    @Test
    void link_overHub_waitsForItsHelloAcksFramesAndTakesTheReconnection() throws Exception {
        TcpServerHub hub = new TcpServerHub(TcpServerSettings.of(0));
        toClose.add(hub);
        hub.register("bp-3", new Identification.ByHello(HELLO), bpm200);
        hub.start();
        DeviceLink link = link("bp-3", () -> new TcpServerTransport(hub, "bp-3"));

        link.start();
        await().atMost(PROMPTLY).until(() -> link.state() == LinkState.CONNECTING);
        assertThat(link.stateReason()).isEqualTo("opening tcp-server:127.0.0.1:" + hub.port()
                + " (waiting for hello 'SCGW:bp-3<CR><LF>')");
        try (Socket first = connect(hub)) {
            first.getOutputStream().write(concat(ascii(HELLO), measurement(1, "128", "82")));
            assertThat(first.getInputStream().read()).isEqualTo(Bpm200Protocol.ACK);
            assertThat(link.stateReason()).isEqualTo("connected to tcp-server:127.0.0.1:" + hub.port()
                    + " (bp-3 from 127.0.0.1:" + first.getLocalPort() + ")");
        }
        try (Socket second = connect(hub)) {
            second.getOutputStream().write(ascii(HELLO));
            second.getOutputStream().write(measurement(2, "131", "85"));
            assertThat(second.getInputStream().read()).isEqualTo(Bpm200Protocol.ACK);
        }

        assertThat(stored).extracting(Reading::key).containsExactly("20261123101500#0001", "20261123101500#0002");
        assertThat(hub.stats().identifiedByHello()).isEqualTo(2);
        assertThat(hub.unknownConnections()).isEmpty();
    }

    private DeviceLink link(String deviceId, Supplier<ByteTransport> transports) {
        StreamDriver driver = (StreamDriver) bpm200.create(DriverContext.of(deviceId, ZoneOffset.UTC));
        LinkListener listener = new LinkListener() {
            @Override
            public void stateChanged(String id, LinkState state, String reason) {
                states.add(state + " " + reason);
            }
        };
        DeviceLink link = new DeviceLink(deviceId, transports, driver, accepted -> stored.addAll(accepted.readings()),
                listener, new LinkSettings(bpm200.descriptor().quietTime(), Duration.ofMillis(100),
                        Duration.ofSeconds(1)));
        toClose.add(link);
        return link;
    }

    private static Socket accepted(ServerSocket converter) throws IOException {
        Socket socket = converter.accept();
        socket.setSoTimeout(5000);
        return socket;
    }

    private static Socket connect(TcpServerHub hub) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), hub.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static byte[] measurement(int seq, String systolic, String diastolic) {
        return Bpm200Protocol.frame(Bpm200Protocol.measurementBody(seq, MEASURED, systolic, diastolic, "", "71",
                Bpm200Protocol.UNIT_MMHG));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
