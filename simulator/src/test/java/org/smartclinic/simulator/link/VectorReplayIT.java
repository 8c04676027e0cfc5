package org.smartclinic.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * Every BPM-200 vector replayed by a twin on a real pty into a real {@link DeviceLink} with the real driver (made
 * with the vector's zone and options) and an in-memory journal that always stores: the answers that come back
 * must be the ones the vector's expectations call for, NAKs for its bad frames included.
 */
class VectorReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void noTwinLeft() {
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-replay-") || n.startsWith("link-replay-"));
    }

    @TestFactory
    Stream<DynamicTest> replay_everyBpm200Vector_answersAsExpected() throws Exception {
        List<DriverVector> vectors = VectorReplay.load("bpm200");
        assertThat(vectors).hasSizeGreaterThanOrEqualTo(20).noneMatch(DriverVector::isMessages);
        return vectors.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> replayThroughLink(v)));
    }

    private void replayThroughLink(DriverVector vector) throws Exception {
        String name = vector.name().replace(".vec", "");
        Path port = dir.resolve(name);
        VectorReplay replay = new VectorReplay(List.of(vector), VectorReplay.Pacing.whole(), r -> { });
        try (Twin twin = Twin.start("replay-" + name, TwinPlug.pty(port), replay);
                DeviceLink link = new DeviceLink("replay-" + name, () -> serial(port), driver(vector),
                        new MemorySink(0), new LinkRecorder(), LinkSettings.withQuietTime(Duration.ZERO))) {
            link.start();

            assertThat(replay.awaitDone(WAIT)).as("replayed within %s", WAIT).isTrue();
        }
        ReplayResult result = replay.results().getFirst();
        assertThat(result.matches()).as(result.render()).isTrue();
        assertThat(result.received()).isNotEmpty().containsExactly(vector.expectedAnswers());
    }

    private static SerialTransport serial(Path port) {
        return new SerialTransport(SerialSettings.eightNoneOne(9600).withPath(port.toString()));
    }

    private static StreamDriver driver(DriverVector vector) {
        return (StreamDriver) DeviceDriverFactory.find("bpm200").orElseThrow()
                .create(new DriverContext("replay", vector.zone(), vector.options()));
    }
}
