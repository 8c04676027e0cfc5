package org.smartclinic.drivers.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.transport.tcp.Identification.ByHello;
import org.smartclinic.drivers.transport.tcp.Identification.ByRemoteAddress;
import org.smartclinic.drivers.transport.tcp.Identification.BySerialNumber;
import org.smartclinic.drivers.transport.tcp.UnknownConnection.Reason;

/**
 * {@link TcpServerHub} and {@link TcpServerTransport} with real loopback sockets; clients bind 127.0.0.2 and
 * 127.0.0.3 (loopback addresses that work on Linux) to come from distinct addresses.
 */
class TcpServerHubTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(3);
    private static final Duration IDENTIFICATION_TIMEOUT = Duration.ofMillis(500);
    private static final DeviceDriverFactory IDS = new LineIdFactory();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TcpServerHub hub;

    @BeforeEach
    void startHub() throws IOException {
        hub = new TcpServerHub(TcpServerSettings.of(0).withIdentificationTimeout(IDENTIFICATION_TIMEOUT));
        toClose.add(hub);
        hub.start();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void connect_fromRegisteredAddresses_eachHandedToItsDevice() throws Exception {
        hub.register("dev-2", new ByRemoteAddress("127.0.0.2"), IDS);
        hub.register("dev-3", new ByRemoteAddress("127.0.0.3"), IDS);
        Waiting two = waitFor("dev-2");
        Waiting three = waitFor("dev-3");
        assertThat(two.transport().describe()).isEqualTo(hub.describe() + " (waiting for 127.0.0.2)");

        Socket fromThree = connect("127.0.0.3");
        send(fromThree, "three");
        Socket fromTwo = connect("127.0.0.2");
        send(fromTwo, "two");

        await().atMost(PROMPTLY).until(() -> two.recorder().text().equals("two")
                && three.recorder().text().equals("three"));
        two.transport().write(ascii("ok"));
        assertThat(fromTwo.getInputStream().readNBytes(2)).isEqualTo(ascii("ok"));
        assertThat(two.transport().describe()).isEqualTo(hub.describe() + " (dev-2 from 127.0.0.2:"
                + fromTwo.getLocalPort() + ")");
        assertThat(hub.stats()).isEqualTo(new TcpServerStats(2, 2, 0, 0, 0, 0, 0));
    }

    @Test
    void connect_withHelloAndData_helloConsumedDataKept() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        hub.register("bp-4", new ByHello("SCGW:bp-4\r\n"), IDS);
        Waiting bp4 = waitFor("bp-4");
        assertThat(bp4.transport().describe()).endsWith("(waiting for hello 'SCGW:bp-4<CR><LF>')");

        send(connect("127.0.0.1"), "SCGW:bp-4\r\n$M,0001*00\r\n");

        await().atMost(PROMPTLY).until(() -> bp4.recorder().text().equals("$M,0001*00\r\n"));
        assertThat(bp4.recorder().threads()).containsExactly("tcp-server-" + hub.port() + "-bp-4");
        assertThat(hub.stats().identifiedByHello()).isEqualTo(1);
    }

    @Test
    void connect_helloArrivingInPieces_identifiedAndRestKept() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        Waiting bp3 = waitFor("bp-3");
        Socket client = connect("127.0.0.1");

        for (String piece : List.of("SC", "GW:b", "p-3\r", "\nDA", "TA")) {
            send(client, piece);
        }

        await().atMost(PROMPTLY).until(() -> bp3.recorder().text().equals("DATA"));
        assertThat(hub.unknownConnections()).isEmpty();
    }

    @Test
    void connect_firstMessageNamesSerialInPieces_everyByteReachesTheDriver() throws Exception {
        hub.register("lab-42", new BySerialNumber("SN-42"), IDS);
        hub.register("lab-43", new BySerialNumber("SN-43"), IDS);
        Waiting lab43 = waitFor("lab-43");
        Socket client = connect("127.0.0.1");

        for (String piece : List.of("ID:S", "N-4", "3\nREST")) {
            send(client, piece);
        }

        await().atMost(PROMPTLY).until(() -> lab43.recorder().text().equals("ID:SN-43\nREST"));
        assertThat(hub.stats().identifiedBySerialNumber()).isEqualTo(1);
    }

    @Test
    void connect_firstMessageNamesAnUnregisteredSerial_refusedAndRecorded() throws Exception {
        hub.register("lab-42", new BySerialNumber("SN-42"), IDS);
        Waiting lab42 = waitFor("lab-42");
        Socket client = connect("127.0.0.1");

        send(client, "ID:SN-99\nresults");

        assertThat(closedByHub(client)).isTrue();
        await().atMost(PROMPTLY).until(() -> hub.unknownConnections().size() == 1);
        UnknownConnection unknown = hub.unknownConnections().getFirst();
        assertThat(unknown.reason()).isEqualTo(Reason.UNREGISTERED_SERIAL);
        assertThat(unknown.remoteAddress()).isEqualTo("127.0.0.1:" + client.getLocalPort());
        assertThat(unknown.firstBytes()).startsWith("ID:SN-99<LF>");
        assertThat(unknown.message()).isEqualTo("unknown device from 127.0.0.1:" + client.getLocalPort()
                + ": its first message names serial number SN-99, which no device on this port is registered with");
        assertThat(hub.stats().refusedUnknown()).isEqualTo(1);
        assertThat(lab42.opened()).as("never guessed to be the registered device").isNotDone();
    }

    @Test
    void connect_garbage_refusedAsNotRecognisedWithItsFirstBytesCapped() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        hub.register("lab-42", new BySerialNumber("SN-42"), IDS);
        Socket client = connect("127.0.0.1");

        send(client, "\u0002GARBAGE".repeat(20));

        assertThat(closedByHub(client)).isTrue();
        await().atMost(PROMPTLY).until(() -> hub.unknownConnections().size() == 1);
        UnknownConnection unknown = hub.unknownConnections().getFirst();
        assertThat(unknown.reason()).isEqualTo(Reason.NOT_RECOGNISED);
        assertThat(unknown.detail()).isEqualTo("sent no hello and its first message names no registered serial number");
        assertThat(unknown.firstBytes()).startsWith("<STX>GARBAGE<STX>").endsWith("bytes)");
    }

    @Test
    void connect_firstMessageNeverEnds_refusedAfter512Bytes() throws Exception {
        hub.register("lab-42", new BySerialNumber("SN-42"), IDS);
        Socket client = connect("127.0.0.1");

        send(client, "ID:" + "A".repeat(600));

        assertThat(closedByHub(client)).isTrue();
        await().atMost(PROMPTLY).until(() -> hub.unknownConnections().size() == 1);
        assertThat(hub.unknownConnections().getFirst().reason()).isEqualTo(Reason.TOO_LONG);
        assertThat(hub.unknownConnections().getFirst().detail()).startsWith("sent 512 bytes");
    }

    @Test
    void connect_silentPeer_timesOutWhileAnotherDeviceConnects() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        Waiting bp3 = waitFor("bp-3");
        Socket silent = connect("127.0.0.2");

        send(connect("127.0.0.3"), "SCGW:bp-3\r\nhi");

        await().atMost(PROMPTLY).until(() -> bp3.recorder().text().equals("hi"));
        assertThat(hub.unknownConnections()).as("the good device got through before the silent one timed out")
                .isEmpty();
        assertThat(closedByHub(silent)).isTrue();
        await().atMost(PROMPTLY).until(() -> hub.unknownConnections().size() == 1);
        assertThat(hub.unknownConnections().getFirst()).satisfies(u -> {
            assertThat(u.reason()).isEqualTo(Reason.SILENT);
            assertThat(u.detail()).isEqualTo("sent nothing within 500 ms");
            assertThat(u.remoteAddress()).startsWith("127.0.0.2:");
        });
    }

    @Test
    void connect_deviceReconnects_newConnectionReplacesTheOld() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        Waiting first = waitFor("bp-3");
        Socket oldClient = connect("127.0.0.2");
        send(oldClient, "SCGW:bp-3\r\nold");
        await().atMost(PROMPTLY).until(() -> first.recorder().text().equals("old"));

        Socket newClient = connect("127.0.0.3");
        send(newClient, "SCGW:bp-3\r\nnew");

        await().atMost(PROMPTLY).until(() -> !first.recorder().closes().isEmpty());
        assertThat(first.recorder().closes()).singleElement().asString()
                .startsWith("replaced by a new connection from 127.0.0.3:");
        assertThat(closedByHub(oldClient)).isTrue();
        first.transport().close();
        Waiting second = waitFor("bp-3");
        await().atMost(PROMPTLY).until(() -> second.recorder().text().equals("new"));
        assertThat(hub.stats().replaced()).isEqualTo(1);
    }

    @Test
    void connect_beforeTheLinkWaits_keptAndTakenWithItsBytes() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        send(connect("127.0.0.1"), "SCGW:bp-3\r\nearly");
        await().atMost(PROMPTLY).until(() -> hub.stats().identifiedByHello() == 1);

        Waiting bp3 = waitFor("bp-3");

        await().atMost(PROMPTLY).until(() -> bp3.recorder().text().equals("early"));
        assertThat(hub.stats().unclaimed()).isZero();
    }

    @Test
    void connect_noLinkComes_closedAfterTheTimeoutAndCounted() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        Socket client = connect("127.0.0.1");

        send(client, "SCGW:bp-3\r\n");

        assertThat(closedByHub(client)).isTrue();
        await().atMost(PROMPTLY).until(() -> hub.stats().unclaimed() == 1);
        assertThat(hub.unknownConnections()).as("a known device is not an unknown one").isEmpty();
    }

    @Test
    void connect_tooManyWaiting_refusedAtOnceAsBusy() throws Exception {
        TcpServerHub small = new TcpServerHub(TcpServerSettings.of(0).withMaxPendingConnections(1)
                .withIdentificationTimeout(Duration.ofSeconds(5)));
        toClose.add(small);
        small.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        small.start();
        connect("127.0.0.2", small);
        await().atMost(PROMPTLY).until(() -> small.stats().accepted() == 1);

        Socket second = connect("127.0.0.3", small);

        assertThat(closedByHub(second)).isTrue();
        await().atMost(PROMPTLY).until(() -> small.unknownConnections().size() == 1);
        assertThat(small.unknownConnections()).singleElement()
                .satisfies(u -> assertThat(u.reason()).isEqualTo(Reason.BUSY));
    }

    @Test
    void close_whileTransportWaits_openEndsPromptlyWithClosed() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        Waiting bp3 = waitFor("bp-3").parked();

        bp3.transport().close();

        assertThatThrownBy(() -> bp3.opened().get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOException.class).hasMessage("closed");
        Waiting again = waitFor("bp-3");
        send(connect("127.0.0.1"), "SCGW:bp-3\r\nstill works");
        await().atMost(PROMPTLY).until(() -> again.recorder().text().equals("still works"));
    }

    @Test
    void hubClose_endsWaitsAndConnectionsAndIsIdempotent() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        hub.register("bp-4", new ByHello("SCGW:bp-4\r\n"), IDS);
        Waiting connected = waitFor("bp-3");
        Waiting waiting = waitFor("bp-4").parked();
        send(connect("127.0.0.1"), "SCGW:bp-3\r\n");
        connected.opened().get(2, TimeUnit.SECONDS);

        hub.close();
        hub.close();

        assertThatThrownBy(() -> waiting.opened().get(1, TimeUnit.SECONDS)).cause()
                .hasMessage(hub.describe() + " was closed");
        await().atMost(PROMPTLY).until(() -> !connected.recorder().closes().isEmpty());
        assertThat(connected.recorder().closes()).containsExactly(hub.describe() + " was closed");
        assertThat(Threads.gone("tcp-hub-127.0.0.1:" + hub.port())).isTrue();
        assertThatThrownBy(() -> connect("127.0.0.1")).isInstanceOf(IOException.class);
    }

    @Test
    void unregister_whileWaiting_openFailsWithWhy() throws Exception {
        hub.register("bp-3", new ByHello("SCGW:bp-3\r\n"), IDS);
        Waiting bp3 = waitFor("bp-3").parked();

        hub.unregister("bp-3");

        assertThatThrownBy(() -> bp3.opened().get(1, TimeUnit.SECONDS)).cause()
                .hasMessage("device bp-3 is no longer registered on " + hub.describe());
        assertThat(hub.registration("bp-3")).isEmpty();
        assertThatThrownBy(() -> new TcpServerTransport(hub, "bp-3").open(new Recorder()))
                .isInstanceOf(IOException.class).hasMessage("device bp-3 is not registered on " + hub.describe());
    }

    @Test
    void register_rulesThatCannotBeToldApart_refused() {
        hub.register("a", new ByRemoteAddress("127.0.0.2"), IDS);
        hub.register("h", new ByHello("SCGW:bp-3"), IDS);
        hub.register("s", new BySerialNumber("SN-1"), IDS);

        assertThatThrownBy(() -> hub.register("a2", new ByRemoteAddress("127.0.0.2"), IDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot both be identified by remote address 127.0.0.2");
        assertThatThrownBy(() -> hub.register("h2", new ByHello("SCGW:bp-3"), IDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hellos that cannot be told apart");
        assertThatThrownBy(() -> hub.register("h3", new ByHello("SCGW:bp-30"), IDS))
                .as("a hello beginning another").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.register("s2", new BySerialNumber("SN-1"), IDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serial number SN-1");
        assertThatThrownBy(() -> hub.register("a", new ByHello("other"), IDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
        assertThatThrownBy(() -> hub.register("x", new ByRemoteAddress("conv-3.invalid"), IDS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host 'conv-3.invalid' unknown");
    }

    @Test
    void start_portInUse_saysSo() throws IOException {
        ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(taken);
        TcpServerHub second = new TcpServerHub(TcpServerSettings.of(taken.getLocalPort()));
        toClose.add(second);

        assertThatThrownBy(second::start).isInstanceOf(IOException.class).hasMessage("port " + taken.getLocalPort()
                + " is in use by another program (or another gateway): stop it or choose another port");
    }

    @Test
    void settings_defaults_loopbackFiveSecondsFifty() {
        TcpServerSettings settings = TcpServerSettings.of(5001);

        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.identificationTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxUnknownRecords()).isEqualTo(50);
        assertThat(new TcpServerHub(settings.withBindAddress("0.0.0.0")).describe()).isEqualTo("tcp-server:0.0.0.0:5001");
    }

    private record Waiting(TcpServerTransport transport, Recorder recorder, CompletableFuture<Void> opened,
            Thread opener) {

        /** Waits until {@code open} is parked waiting for the hub (its only wait). */
        Waiting parked() {
            await().atMost(PROMPTLY).until(() -> opener.getState() == Thread.State.WAITING);
            return this;
        }
    }

    /** A transport of {@code deviceId} opening on a thread of its own, as a link would. */
    private Waiting waitFor(String deviceId) {
        TcpServerTransport transport = new TcpServerTransport(hub, deviceId);
        toClose.add(transport);
        Recorder recorder = new Recorder();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                transport.open(recorder);
                opened.complete(null);
            } catch (IOException | RuntimeException e) {
                opened.completeExceptionally(e);
            }
        }, "test-open-" + deviceId);
        opener.setDaemon(true);
        opener.start();
        return new Waiting(transport, recorder, opened, opener);
    }

    private Socket connect(String from) throws IOException {
        return connect(from, hub);
    }

    private Socket connect(String from, TcpServerHub to) throws IOException {
        Socket socket = new Socket();
        toClose.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", to.port()), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(ascii(text));
        socket.getOutputStream().flush();
    }

    /** True once the hub closed {@code socket}'s connection (end of stream or reset); fails after 5 s. */
    private static boolean closedByHub(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() >= 0) {
                continue;
            }
            return true;
        } catch (SocketException e) {
            return true;
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
