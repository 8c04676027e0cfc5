package org.smartclinic.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.testkit.DriverVector;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.simulator.twin.ReplayResult;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;
import org.smartclinic.simulator.twin.VectorReplay;

/**
 * Every BPM-200 and EL-30 vector replayed by a twin on a real pty into a real {@link DeviceLink} running the real
 * driver and an in-memory journal that always stores: the answers that come back must be the ones the vector's
 * expectations call for, NAKs for bad frames and reports included. Vectors that need the same device settings (zone,
 * options) share one twin and one link and are replayed in turn, as the gateway would meet them; one dynamic test
 * per vector.
 */
class VectorReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @AfterEach
    void noTwinOrLinkLeft() {
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-replay-") || n.startsWith("link-replay-"));
    }

    @TestFactory
    Stream<DynamicTest> replay_everyBpm200Vector_answersAsExpected() throws Exception {
        return replayEvery("bpm200");
    }

    @TestFactory
    Stream<DynamicTest> replay_everyEl30Vector_answersAsExpected() throws Exception {
        return replayEvery("el30");
    }

    private Stream<DynamicTest> replayEvery(String driverId) throws Exception {
        List<DriverVector> vectors = VectorReplay.load(driverId);
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(20).noneMatch(DriverVector::isMessages);
        Map<String, List<DriverVector>> bySettings = new LinkedHashMap<>();
        vectors.forEach(v -> bySettings.computeIfAbsent(v.zone() + " " + v.options(), k -> new ArrayList<>()).add(v));

        List<ReplayResult> results = new ArrayList<>();
        int group = 0;
        for (List<DriverVector> same : bySettings.values()) {
            results.addAll(replayThroughOneLink(driverId, "replay-" + driverId + "-" + ++group, same));
        }

        assertThat(results).extracting(ReplayResult::vector)
                .containsExactlyInAnyOrderElementsOf(vectors.stream().map(DriverVector::name).toList());
        return results.stream().map(r -> DynamicTest.dynamicTest(r.vector(), () -> {
            assertThat(r.matches()).as(r.render()).isTrue();
            assertThat(r.received()).isNotEmpty();
        }));
    }

    private List<ReplayResult> replayThroughOneLink(String driverId, String name, List<DriverVector> vectors)
            throws Exception {
        Path port = dir.resolve(name);
        DriverVector first = vectors.getFirst();
        VectorReplay replay = new VectorReplay(vectors, VectorReplay.Pacing.whole(), r -> { });
        try (Twin twin = Twin.start(name, TwinPlug.pty(port), replay);
                DeviceLink link = new DeviceLink(name, () -> serial(port), driver(driverId, first.zone(), first.options()),
                        new MemorySink(0), new LinkRecorder(), LinkSettings.withQuietTime(Duration.ZERO))) {
            link.start();

            assertThat(replay.awaitDone(WAIT)).as("%s replayed within %s", name, WAIT).isTrue();
        }
        return replay.results();
    }

    private static SerialTransport serial(Path port) {
        return new SerialTransport(SerialSettings.eightNoneOne(9600).withPath(port.toString()));
    }

    private static StreamDriver driver(String driverId, ZoneId zone, Map<String, String> options) {
        return (StreamDriver) DeviceDriverFactory.find(driverId).orElseThrow()
                .create(new DriverContext("replay", zone, options));
    }
}
