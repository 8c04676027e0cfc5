package org.smartclinic.drivers.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;

/** A link to a port that does not exist backs off 100, 200, 400, 800 ms, then stays at the 1 s cap. */
class DeviceLinkBackoffTest {

    @TempDir
    Path dir;

    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final LinkListener listener = new LinkListener() {
        @Override
        public void stateChanged(String deviceId, LinkState state, String reason) {
            changes.add(new Change(Instant.now(), state, reason));
        }
    };

    @Test
    void start_portMissing_backsOffDoublingUpToTheCap() {
        Path missing = dir.resolve("ttyUSB9");
        try (DeviceLink link = link(missing)) {
            link.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> backoffs().size() >= 6);

            List<Change> backoffs = backoffs().subList(0, 6);
            assertThat(backoffs).extracting(Change::reason).allSatisfy(r -> assertThat(r)
                    .contains("port " + missing + " missing"));
            assertThat(backoffs).extracting(c -> c.reason().substring(c.reason().lastIndexOf("next try in")))
                    .containsExactly("next try in 100 ms)", "next try in 200 ms)", "next try in 400 ms)",
                            "next try in 800 ms)", "next try in 1 s)", "next try in 1 s)");
            assertThat(gapsBetweenConnectingMillis().subList(0, 5))
                    .as("each attempt waited at least its announced delay")
                    .satisfies(g -> assertThat(g.get(0)).isGreaterThanOrEqualTo(95))
                    .satisfies(g -> assertThat(g.get(1)).isGreaterThanOrEqualTo(195))
                    .satisfies(g -> assertThat(g.get(2)).isGreaterThanOrEqualTo(395))
                    .satisfies(g -> assertThat(g.get(3)).isGreaterThanOrEqualTo(795))
                    .satisfies(g -> assertThat(g.get(4)).isGreaterThanOrEqualTo(995));
        }
    }

    @Test
    void close_whileBackingOff_stoppedPromptlyAndThreadGone() {
        DeviceLink link = link(dir.resolve("ttyUSB9"));
        link.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> link.state() == LinkState.BACKOFF);

        long start = System.nanoTime();
        link.close();
        link.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(link.state()).isEqualTo(LinkState.STOPPED);
        assertThat(link.stateReason()).isEqualTo("link closed");
        assertThat(changes.getLast().state()).isEqualTo(LinkState.STOPPED);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain("link-bp-1");
    }

    @Test
    void start_afterClose_refused() {
        DeviceLink link = link(dir.resolve("ttyUSB9"));
        link.close();

        assertThat(link.state()).isEqualTo(LinkState.STOPPED);
        assertThatThrownBy(link::start).isInstanceOf(IllegalStateException.class);
    }

    private DeviceLink link(Path port) {
        SerialSettings serial = SerialSettings.eightNoneOne(9600).withPath(port.toString());
        return new DeviceLink("bp-1", () -> new SerialTransport(serial), new NoFrames(), readings -> { },
                listener, new LinkSettings(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private List<Change> backoffs() {
        return changes.stream().filter(c -> c.state() == LinkState.BACKOFF).toList();
    }

    private List<Long> gapsBetweenConnectingMillis() {
        List<Instant> tries = changes.stream().filter(c -> c.state() == LinkState.CONNECTING)
                .map(Change::at).toList();
        return java.util.stream.IntStream.range(1, tries.size())
                .mapToObj(i -> Duration.between(tries.get(i - 1), tries.get(i)).toMillis()).toList();
    }

    private record Change(Instant at, LinkState state, String reason) {
    }

    /** Never gets bytes here: the port does not exist. */
    private static final class NoFrames implements StreamDriver {
        @Override
        public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
            return List.of();
        }

        @Override
        public void reset() {
        }
    }
}
