package org.smartclinic.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.device.bp.Bpm200Twin.BpValues;

/** Twin -> pty -> SerialTransport -> DeviceLink -> the real BPM-200 driver -> an in-memory journal. */
class DeviceLinkIT {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The JDK's shared pools and reaper, Awaitility's poller, JNA's one cleaner: not ours to stop. */
    private static final java.util.regex.Pattern PROCESS_WIDE =
            java.util.regex.Pattern.compile("ForkJoinPool|awaitility|process reaper|JNA Cleaner");

    @TempDir
    Path dir;

    private final LinkRecorder recorder = new LinkRecorder();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private long descriptorsBefore;
    private java.util.Set<Thread> threadsBefore;

    @BeforeEach
    void countDescriptorsAndThreads() throws IOException {
        descriptorsBefore = openDescriptors();
        threadsBefore = Thread.getAllStackTraces().keySet();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(newThreads()).isEmpty());
        assertThat(openDescriptors()).as("descriptors left open").isLessThanOrEqualTo(descriptorsBefore);
    }

    @Test
    void tenScriptedMeasurements_allStoredOnceWithTheRightValues() throws Exception {
        List<BpValues> script = IntStream.range(0, 10)
                .mapToObj(i -> new BpValues(120 + i, 80 - i, i % 3 == 0 ? null : 95 + i, i % 4 == 0 ? null : 60 + i))
                .toList();
        Bpm200Twin twin = twin(b -> b.script(script));
        MemorySink sink = new MemorySink(0);
        DeviceLink link = link(twin, sink, Duration.ZERO);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(twin.stats().acked()).isEqualTo(10);
        assertThat(twin.stats().givenUp()).isZero();
        assertThat(sink.size()).isEqualTo(10);
        assertThat(sink.calls.get()).isLessThanOrEqualTo(10 + twin.stats().retransmissions());
        assertThat(sink.readings()).extracting(DeviceLinkIT::stored)
                .containsExactlyInAnyOrderElementsOf(twin.sent().stream().map(DeviceLinkIT::expected).toList());
        assertThat(recorder.rejected).isEmpty();
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void faulty_fifthOfTenBadChecksum_nakedCountedOnceAndRetransmissionStored() throws Exception {
        Bpm200Twin twin = twin(b -> b.scenario(Bpm200Twin.Scenario.FAULTY).badChecksumEvery(0).garbageEvery(0)
                .badChecksumOn(5).count(10).seed(5));
        MemorySink sink = new MemorySink(0);
        DeviceLink link = link(twin, sink, Duration.ZERO);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(recorder.rejections(RejectReason.BAD_CHECKSUM)).isEqualTo(1);
        assertThat(recorder.rejected).hasSize(1);
        assertThat(twin.stats().nakked()).isEqualTo(1);
        assertThat(twin.stats().acked()).isEqualTo(10);
        assertThat(sink.size()).isEqualTo(10);
        assertThat(sink.readings()).extracting(DeviceLinkIT::stored)
                .containsExactlyInAnyOrderElementsOf(twin.sent().stream().map(DeviceLinkIT::expected).toList());
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void garbageBeforeEveryThirdFrame_noiseCountedAndAllStored() throws Exception {
        Bpm200Twin twin = twin(b -> b.garbageEvery(3).count(10).seed(11));
        MemorySink sink = new MemorySink(0);
        DeviceLink link = link(twin, sink, Duration.ZERO);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(recorder.rejections(RejectReason.NOISE)).as("bursts before #3, #6, #9").isEqualTo(3);
        assertThat(recorder.rejected).hasSize(3);
        assertThat(twin.stats().nakked()).as("noise is not answered").isZero();
        assertThat(sink.size()).isEqualTo(10);
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void unplugThenReplug_reconnectsWithinTwoSecondsAndLaterReadingsStored() throws Exception {
        List<Instant> plugs = new CopyOnWriteArrayList<>();
        Bpm200Twin twin = twin(b -> b.count(8).unplugAfter(4, Duration.ofMillis(900)).listener(new Bpm200Twin.Listener() {
            @Override
            public void plugged(Path slave) {
                plugs.add(Instant.now());
            }
        }));
        MemorySink sink = new MemorySink(0);
        DeviceLink link = link(twin, sink, Duration.ZERO);

        await().atMost(WAIT).until(() -> plugs.size() == 2);
        Instant replugged = plugs.get(1);
        assertThat(recorder.changes).anySatisfy(c -> assertThat(c.reason()).contains("unplugged"));
        await().atMost(Duration.ofSeconds(2)).until(() -> connectedAfter(replugged) != null);
        Duration reconnect = Duration.between(replugged, connectedAfter(replugged));
        System.out.println("DeviceLinkIT: reconnected " + reconnect.toMillis() + " ms after replug");

        assertThat(twin.awaitFinished(WAIT)).isTrue();
        assertThat(twin.stats().acked()).isEqualTo(8);
        assertThat(sink.size()).isEqualTo(8);
        assertThat(sink.readings()).extracting(DeviceLinkIT::stored)
                .containsExactlyInAnyOrderElementsOf(twin.sent().stream().map(DeviceLinkIT::expected).toList());
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void sinkFailsFirstStore_deviceNakedRetransmitsAndReadingStoredOnce() throws Exception {
        Bpm200Twin twin = twin(b -> b.count(3).seed(3));
        MemorySink sink = new MemorySink(1);
        DeviceLink link = link(twin, sink, Duration.ZERO);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(recorder.storeFailures).hasSize(1);
        assertThat(twin.stats().nakked()).isEqualTo(1);
        assertThat(twin.stats().retransmissions()).isGreaterThanOrEqualTo(1);
        assertThat(twin.stats().acked()).isEqualTo(3);
        assertThat(sink.size()).isEqualTo(3);
        assertThat(sink.readings()).extracting(DeviceLinkIT::stored)
                .containsExactlyInAnyOrderElementsOf(twin.sent().stream().map(DeviceLinkIT::expected).toList());
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    /**
     * A journal slower than the device's answer timeout: the device repeats each frame while its first copy is being
     * stored. One ACK per frame, or the device takes the surplus ACKs for its next frames and counts them stored
     * before they are (a crash at that moment would lose them): whenever the device sees an ACK, the reading it takes
     * it for must already be stored.
     */
    @Test
    void journalSlowerThanAckTimeout_repeatsNotAckedTwice_deviceNeverAheadOfTheJournal() throws Exception {
        MemorySink sink = new MemorySink(0, Duration.ofMillis(250));
        List<String> ackedBeforeStored = new CopyOnWriteArrayList<>();
        Bpm200Twin twin = twin(b -> b.count(6).seed(21).ackTimeout(Duration.ofMillis(100)).maxRetries(-1)
                .listener(new Bpm200Twin.Listener() {
                    @Override
                    public void settled(Bpm200Twin.Settled settled) {
                        String[] fields = settled.measurement().body().split(",");
                        if (settled.acked() && !sink.holds("bp-1", fields[2] + "#" + fields[1])) {
                            ackedBeforeStored.add(settled.measurement().body());
                        }
                    }
                }));
        link(twin, sink, Duration.ZERO);

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(twin.stats().retransmissions()).as("the device repeated frames").isGreaterThanOrEqualTo(6);
        assertThat(ackedBeforeStored).as("frames the device took for stored before they were").isEmpty();
        assertThat(recorder.withheld).as("repeats not answered again").isNotEmpty();
        assertThat(twin.stats().acked()).isEqualTo(6);
        assertThat(sink.size()).isEqualTo(6);
    }

    @Test
    void quietLine_noHeartbeats_linkReconnectsAfterQuietTime() throws Exception {
        Bpm200Twin twin = twin(b -> b.count(1).heartbeat(Duration.ZERO));
        MemorySink sink = new MemorySink(0);
        link(twin, sink, Duration.ofMillis(500));
        assertThat(twin.awaitFinished(WAIT)).isTrue();

        await().atMost(WAIT).until(() -> recorder.in(LinkState.BACKOFF).stream()
                .anyMatch(c -> c.reason().startsWith("quiet for 500 ms")));
        Instant quiet = recorder.in(LinkState.BACKOFF).getFirst().at();
        await().atMost(WAIT).until(() -> connectedAfter(quiet) != null);

        assertThat(sink.size()).isEqualTo(1);
    }

    @Test
    void heartbeatsKeepAQuietWatchedLineUp() throws Exception {
        Bpm200Twin twin = twin(b -> b.count(1).heartbeat(Duration.ofMillis(100)));
        link(twin, new MemorySink(0), Duration.ofMillis(500));
        assertThat(twin.awaitFinished(WAIT)).isTrue();

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> recorder.in(LinkState.BACKOFF).isEmpty());
        assertThat(recorder.accepted.stream().filter(a -> a.readings().isEmpty()).count())
                .as("heartbeats acknowledged").isGreaterThanOrEqualTo(5);
    }

    @Test
    void throwingDriverAndListener_linkSurvivesAndStoresEverything() throws Exception {
        Bpm200Twin twin = twin(b -> b.count(3).seed(9));
        MemorySink sink = new MemorySink(0);
        AtomicInteger decodes = new AtomicInteger();
        StreamDriver real = bpm200();
        StreamDriver firstCallThrows = new StreamDriver() {
            @Override
            public List<Outcome> decode(byte[] data, int offset, int length, Instant receivedAt) {
                if (decodes.getAndIncrement() == 0) {
                    throw new IllegalStateException("driver bug (test)");
                }
                return real.decode(data, offset, length, receivedAt);
            }

            @Override
            public void reset() {
                real.reset();
            }
        };
        LinkListener throwing = new LinkRecorder() {
            @Override
            public void accepted(String deviceId, Outcome.Accepted frame) {
                super.accepted(deviceId, frame);
                throw new IllegalStateException("listener bug (test)");
            }
        };
        DeviceLink link = new DeviceLink("bp-1", () -> transport(twin), firstCallThrows, sink, throwing,
                new LinkSettings(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(1)));
        toClose.add(link);
        link.start();

        assertThat(twin.awaitFinished(WAIT)).isTrue();

        assertThat(twin.stats().acked()).isEqualTo(3);
        assertThat(sink.size()).isEqualTo(3);
        assertThat(link.state()).isEqualTo(LinkState.CONNECTED);
    }

    @Test
    void close_connectedLink_stoppedAndPortFreeForTheNextOpener() throws Exception {
        Bpm200Twin twin = twin(b -> b.count(2));
        DeviceLink link = link(twin, new MemorySink(0), Duration.ZERO);
        assertThat(twin.awaitFinished(WAIT)).isTrue();

        link.close();
        link.close();

        assertThat(link.state()).isEqualTo(LinkState.STOPPED);
        assertThat(recorder.changes.getLast().state()).isEqualTo(LinkState.STOPPED);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain("link-bp-1");
        try (SerialTransport again = transport(twin)) {
            again.open(new SerialTransportIT.Recorder());
            again.write(new byte[] {0x06});
        }
    }

    private Bpm200Twin twin(java.util.function.UnaryOperator<Bpm200Twin.Builder> settings) throws IOException {
        Bpm200Twin twin = settings.apply(Bpm200Twin.builder(dir.resolve("bp1")).deviceZone(ZONE)
                .interval(Duration.ofMillis(20)).heartbeat(Duration.ZERO)).start();
        toClose.add(twin);
        return twin;
    }

    private DeviceLink link(Bpm200Twin twin, MemorySink sink, Duration quietTime) {
        DeviceLink link = new DeviceLink("bp-1", () -> transport(twin), bpm200(), sink, recorder,
                new LinkSettings(quietTime, Duration.ofMillis(100), Duration.ofSeconds(1)));
        toClose.add(link);
        link.start();
        return link;
    }

    private static SerialTransport transport(Bpm200Twin twin) {
        return new SerialTransport(SerialSettings.eightNoneOne(9600).withPath(twin.link().toString()));
    }

    private static StreamDriver bpm200() {
        return (StreamDriver) DeviceDriverFactory.find("bpm200").orElseThrow().create(DriverContext.of("bp-1", ZONE));
    }

    private Instant connectedAfter(Instant t) {
        return recorder.in(LinkState.CONNECTED).stream().map(LinkRecorder.Change::at)
                .filter(at -> at.isAfter(t)).findFirst().orElse(null);
    }

    /** What a stored reading says: device time and values by device code. */
    private static Map<String, Object> stored(Reading r) {
        Map<String, Object> out = new HashMap<>();
        out.put("time", r.deviceTime());
        for (Measurement m : r.measurements()) {
            put(out, m);
            m.components().forEach(c -> put(out, c));
        }
        return out;
    }

    private static void put(Map<String, Object> out, Measurement m) {
        if (m.value() instanceof Value.Quantity q) {
            out.put(m.deviceCode().code(), q.value().intValueExact());
        }
    }

    private static Map<String, Object> expected(Bpm200Twin.SentMeasurement m) {
        Map<String, Object> out = new HashMap<>();
        out.put("time", m.deviceTime().atZone(ZONE).toInstant());
        out.put("SYS", m.values().systolic());
        out.put("DIA", m.values().diastolic());
        if (m.values().mean() != null) {
            out.put("MAP", m.values().mean());
        }
        if (m.values().pulse() != null) {
            out.put("PR", m.values().pulse());
        }
        return out;
    }

    /** Threads started during the test and still alive, leaving out process-wide ones started once. */
    private List<String> newThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !threadsBefore.contains(t))
                .map(Thread::getName).filter(n -> !PROCESS_WIDE.matcher(n).lookingAt()).toList();
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
