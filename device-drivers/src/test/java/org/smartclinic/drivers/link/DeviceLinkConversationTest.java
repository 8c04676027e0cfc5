package org.smartclinic.drivers.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.spi.DriverChannel;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.tcp.TcpClientSettings;
import org.smartclinic.drivers.transport.tcp.TcpClientTransport;

/**
 * The parts of SPI v2 a conversation needs, on a real {@link DeviceLink} over a real TCP socket: a driver's timers
 * fire on the link thread, its own sends reach the device in order with the acknowledgements, store success and
 * failure are fed back to it, its timers end with the connection, and a device that floods faster than the
 * journal takes its readings loses input that is counted (never a silent loss, never a stalled port).
 */
class DeviceLinkConversationTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    /**
     * A polled instrument of this test: every 100 ms the driver sends {@code P\n} on its own; the device answers a
     * line {@code V<n>\n}, which becomes a reading acknowledged with {@code A\n} (or {@code N\n} if not stored).
     */
    private static final class PollingDriver implements StreamDriver {
        final List<String> feedback = new CopyOnWriteArrayList<>();
        final List<String> timerThreads = new CopyOnWriteArrayList<>();
        private final StringBuilder line = new StringBuilder();
        private DriverChannel channel;

        @Override
        public void bind(DriverChannel c) {
            channel = c;
        }

        @Override
        public List<Outcome> onConnect(Instant now) {
            channel.schedule("poll", Duration.ofMillis(100));
            return List.of();
        }

        @Override
        public List<Outcome> onTimer(String name, Instant now) {
            timerThreads.add(Thread.currentThread().getName());
            channel.send("P\n".getBytes(StandardCharsets.US_ASCII));
            channel.schedule("poll", Duration.ofMillis(100));
            return List.of();
        }

        @Override
        public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
            List<Outcome> out = new ArrayList<>();
            for (int i = offset; i < offset + length; i++) {
                char c = (char) data[i];
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String v = line.toString();
                line.setLength(0);
                Reading r = Reading.of("dev", v, null, receivedAt, List.of(Measurement.of(
                        Code.deviceCode("test", "V", "value"), List.of(), new Value.Text(v))));
                out.add(new Outcome.Accepted(List.of(r), (v + "\n").getBytes(StandardCharsets.US_ASCII),
                        "A\n".getBytes(StandardCharsets.US_ASCII), "N\n".getBytes(StandardCharsets.US_ASCII)));
            }
            return out;
        }

        @Override
        public void stored(Outcome.Accepted accepted) {
            feedback.add("stored " + accepted.readings().getFirst().key());
        }

        @Override
        public void storeFailed(Outcome.Accepted accepted, String reason) {
            feedback.add("failed " + accepted.readings().getFirst().key());
        }

        @Override
        public void reset() {
            line.setLength(0);
        }
    }

    private ServerSocket device() throws Exception {
        ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        s.setSoTimeout(5000);
        toClose.add(s);
        return s;
    }

    private DeviceLink link(ServerSocket device, StreamDriver driver, ReadingSink sink) {
        TcpClientSettings settings = TcpClientSettings.of("127.0.0.1", device.getLocalPort());
        DeviceLink link = new DeviceLink("dev", () -> new TcpClientTransport(settings), driver, sink,
                new LinkListener() { }, new LinkSettings(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200)));
        toClose.add(link);
        link.start();
        return link;
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void timersAndOwnSends_pollTheDevice_answersStoredThenAcked_feedbackToTheDriver() throws Exception {
        PollingDriver driver = new PollingDriver();
        int[] calls = {0};
        ServerSocket device = device();
        DeviceLink link = link(device, driver, accepted -> {
            if (++calls[0] == 2) {
                throw new IllegalStateException("journal full (test)");
            }
        });
        try (Socket s = device.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            List<String> heard = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                assertThat(readLine(in)).as("poll %d", n).isEqualTo("P");
                out.write(("V" + n + "\n").getBytes(StandardCharsets.US_ASCII));
                heard.add(readLine(in));
            }

            assertThat(heard).containsExactly("A", "N", "A");
            // The answer goes out first, then the driver hears how storing went.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(driver.feedback)
                    .containsExactly("stored V1", "failed V2", "stored V3"));
            assertThat(driver.timerThreads).isNotEmpty().containsOnly("link-dev");
        }
        device.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> link.state() == LinkState.BACKOFF);
        int firedBefore = driver.timerThreads.size();
        await("timers ended with the connection").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> driver.timerThreads.size() == firedBefore);
    }

    @Test
    void deviceThatNeverPauses_timersStillFireOnTime() throws Exception {
        PollingDriver driver = new PollingDriver();
        ServerSocket device = device();
        link(device, driver, accepted -> { });
        try (Socket s = device.accept()) {
            OutputStream out = s.getOutputStream();
            byte[] chunk = "V1\n".repeat(1_000).getBytes(StandardCharsets.US_ASCII);
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the test closed the socket
                }
            });
            try {
                await("polls while the input never stops").atMost(Duration.ofSeconds(5))
                        .until(() -> driver.timerThreads.size() >= 5);
            } finally {
                writer.interrupt();
            }
        }
    }

    @Test
    void floodWhileTheJournalStalls_inputRefusedCountedAndTheLinkRecovers() throws Exception {
        CountDownLatch journal = new CountDownLatch(1);
        List<String> dropped = new CopyOnWriteArrayList<>();
        PollingDriver driver = new PollingDriver();
        ServerSocket device = device();
        TcpClientSettings settings = TcpClientSettings.of("127.0.0.1", device.getLocalPort());
        DeviceLink link = new DeviceLink("dev", () -> new TcpClientTransport(settings), driver, accepted -> {
            if (!journal.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("journal never came back (test)");
            }
        }, new LinkListener() {
            @Override
            public void dropped(String deviceId, int bytes) {
                dropped.add(deviceId + ":" + bytes);
            }
        }, new LinkSettings(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(200)));
        toClose.add(link);
        link.start();
        try (Socket s = device.accept()) {
            OutputStream out = s.getOutputStream();
            byte[] chunk = "V1\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 40 && link.stats().bytesDropped() == 0; i++) {
                out.write(chunk);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> link.stats().bytesDropped() > 0);
            assertThat(dropped).isNotEmpty().allSatisfy(d -> assertThat(d).startsWith("dev:"));
            journal.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> driver.feedback.size() > 1);
            assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
            assertThat(link.stats().bytesIn()).isGreaterThan(link.stats().bytesDropped());
        }
    }
}
