package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.bp.Bpm200Twin.BpValues;

class Bpm200TwinIT {

    private static final byte[] ACK = {Bpm200Protocol.ACK};
    private static final byte[] NAK = {Bpm200Protocol.NAK};
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Bpm200Twin twin;
    private LineTap tap;

    @AfterEach
    void tearDown() {
        if (tap != null) {
            tap.close();
        }
        if (twin != null) {
            twin.close();
            assertThat(twin.link()).doesNotExist();
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-bpm200-"));
    }

    @Test
    void start_scriptAndAcks_sendsValidFramesWithScriptedValuesInOrder() throws Exception {
        twin = builder().script(List.of(new BpValues(128, 82, 97, 71), new BpValues(141, 90, null, null)))
                .deviceZone(ZoneId.of("Europe/Berlin")).start();
        tap = LineTap.open(twin.link(), line -> ACK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        List<String> frames = tap.frames('M');
        assertThat(frames).hasSize(2).allSatisfy(Bpm200TwinIT::assertChecksumRight);
        assertThat(frames.get(0)).matches("\\$M,\\d{4},\\d{14},128,82,97,71,mmHg\\*[0-9A-F]{2}\r\n");
        assertThat(frames.get(1)).matches("\\$M,\\d{4},\\d{14},141,90,,,mmHg\\*[0-9A-F]{2}\r\n");
        assertThat(twin.sent()).extracting(Bpm200Twin.SentMeasurement::values)
                .containsExactly(new BpValues(128, 82, 97, 71), new BpValues(141, 90, null, null));
        assertThat(twin.stats()).isEqualTo(new Bpm200Twin.Stats(2, 2, 0, 0, 0, 0, 2));
    }

    @Test
    void nakEveryTime_retransmitsSameFrameThreeTimesThenGivesUp() throws Exception {
        twin = builder().count(1).start();
        tap = LineTap.open(twin.link(), line -> NAK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(tap.frames('M')).hasSize(4).containsOnly(tap.frames('M').get(0));
        assertThat(twin.stats()).isEqualTo(new Bpm200Twin.Stats(1, 0, 4, 0, 3, 1, 4));
    }

    @Test
    void noAnswer_retransmitsAfterAckTimeoutThenGivesUp() throws Exception {
        twin = builder().count(1).ackTimeout(Duration.ofMillis(150)).start();
        tap = LineTap.open(twin.link(), line -> null);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(twin.stats().timeouts()).isEqualTo(4);
        assertThat(twin.stats().givenUp()).isEqualTo(1);
        assertThat(twin.stats().retransmissions()).isEqualTo(3);
    }

    @Test
    void badChecksumOnSecond_firstTransmissionCorruptRetransmissionRight() throws Exception {
        twin = builder().count(3).badChecksumOn(2).start();
        tap = LineTap.open(twin.link(), line -> checksumRight(line) ? ACK : NAK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        List<String> frames = tap.frames('M');
        assertThat(frames).hasSize(4);
        assertThat(checksumRight(frames.get(1))).isFalse();
        assertThat(frames.get(2)).isNotEqualTo(frames.get(1)).startsWith(frames.get(1).substring(0, 20));
        assertThat(twin.stats()).isEqualTo(new Bpm200Twin.Stats(3, 3, 1, 0, 1, 0, 4));
    }

    @Test
    void garbageEverySecond_noiseWithoutDollarBeforeThoseFrames() throws Exception {
        twin = builder().count(4).garbageEvery(2).seed(7).start();
        tap = LineTap.open(twin.link(), line -> line.contains("$") ? ACK : null);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        long noisy = tap.lines.stream().filter(l -> l.contains("$M,") && l.indexOf('$') > 0).count();
        assertThat(noisy).as("noise directly before frames 2 and 4").isEqualTo(2);
        assertThat(twin.stats().acked()).isEqualTo(4);
    }

    @Test
    void idle_heartbeatsAtThePeriod() throws Exception {
        twin = builder().count(1).heartbeat(Duration.ofMillis(200)).start();
        tap = LineTap.open(twin.link(), line -> ACK);

        await().atMost(WAIT).until(() -> tap.frames('S').size() >= 3);

        assertThat(tap.frames('S')).allSatisfy(Bpm200TwinIT::assertChecksumRight)
                .allSatisfy(f -> assertThat(f).matches("\\$S,\\d{4},\\d{14},READY\\*[0-9A-F]{2}\r\n"));
    }

    @Test
    void unplugAfterSecond_linkGoesAndComesBackOnANewPty() throws Exception {
        AtomicInteger plugs = new AtomicInteger();
        twin = builder().count(3).unplugAfter(2, Duration.ofMillis(300))
                .listener(new Bpm200Twin.Listener() {
                    @Override
                    public void plugged(Path slave) {
                        plugs.incrementAndGet();
                    }
                }).start();
        tap = LineTap.open(twin.link(), line -> ACK);

        await().atMost(WAIT).until(() -> !tap.closes.isEmpty());
        await().atMost(WAIT).until(() -> Files.exists(twin.link()));
        tap.close();
        tap = LineTap.open(twin.link(), line -> ACK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();
        assertThat(plugs).hasValue(2);
        assertThat(twin.stats().acked()).isEqualTo(3);
        assertThat(twin.slavePath()).isPresent();
        assertThat(Files.readSymbolicLink(twin.link())).isEqualTo(twin.slavePath().orElseThrow());
    }

    @Test
    void finishEndless_pendingOneStillSentUntilAcked_thenNoMore() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        twin = builder().count(0).ackTimeout(Duration.ofMillis(150)).maxRetries(-1).start();
        // Every second transmission goes unanswered, so finish() often meets a frame awaiting its answer.
        tap = LineTap.open(twin.link(), line -> answered.incrementAndGet() % 2 == 0 ? ACK : null);
        assertThat(twin.awaitAcked(3, WAIT)).isTrue();

        twin.finish();

        assertThat(twin.awaitFinished(WAIT)).isTrue();
        int sent = twin.stats().measurementsSent();
        assertThat(twin.acked()).containsExactlyElementsOf(twin.sent()).hasSize(sent);
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
        assertThat(twin.stats().measurementsSent()).isEqualTo(sent);
    }

    @Test
    void unitKpa_pressuresConvertedWithOneDecimal() throws Exception {
        twin = builder().script(List.of(new BpValues(128, 82, 97, 71))).unit("kPa").start();
        tap = LineTap.open(twin.link(), line -> ACK);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(tap.frames('M').get(0)).contains(",17.1,10.9,12.9,71,kPa*");
    }

    @Test
    void scenarioHypertension_valuesInRangeAndReproducibleFromSeed() throws Exception {
        twin = builder().scenario(Bpm200Twin.Scenario.HYPERTENSION).count(5).seed(42).start();
        tap = LineTap.open(twin.link(), line -> ACK);
        assertThat(twin.awaitFinished(WAIT)).isTrue();
        List<BpValues> first = twin.sent().stream().map(Bpm200Twin.SentMeasurement::values).toList();
        tap.close();
        twin.close();

        twin = builder().scenario(Bpm200Twin.Scenario.HYPERTENSION).count(5).seed(42).start();
        tap = LineTap.open(twin.link(), line -> ACK);
        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(twin.sent()).extracting(Bpm200Twin.SentMeasurement::values).isEqualTo(first);
        assertThat(first).allSatisfy(v -> {
            assertThat(v.systolic()).isBetween(150, 185);
            assertThat(v.diastolic()).isBetween(95, 115);
            assertThat(v.mean()).isEqualTo(Math.round(v.diastolic() + (v.systolic() - v.diastolic()) / 3f));
        });
    }

    private Bpm200Twin.Builder builder() {
        return Bpm200Twin.builder(dir.resolve("bp1")).interval(Duration.ofMillis(20))
                .heartbeat(Duration.ZERO);
    }

    private static boolean checksumRight(String frame) {
        int start = frame.indexOf('$');
        int star = frame.indexOf('*');
        byte[] body = frame.substring(start + 1, star).getBytes(StandardCharsets.US_ASCII);
        return frame.substring(star + 1, star + 3).equals(Bpm200Protocol.checksum(body, 0, body.length));
    }

    private static void assertChecksumRight(String frame) {
        assertThat(checksumRight(frame)).as("checksum of %s", frame).isTrue();
    }
}
