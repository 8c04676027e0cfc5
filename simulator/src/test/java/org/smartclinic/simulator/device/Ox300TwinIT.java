package org.smartclinic.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codec.binary.SyncFrameDecoder;
import org.smartclinic.drivers.codec.binary.SyncFrameOutcome;
import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300DriverFactory;
import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;
import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.drivers.transport.tcp.TcpClientSettings;
import org.smartclinic.drivers.transport.tcp.TcpClientTransport;
import org.smartclinic.simulator.device.StreamRecorder.StatusAt;
import org.smartclinic.simulator.device.oximetry.Ox300Twin;
import org.smartclinic.simulator.device.oximetry.Ox300TwinBuilder;
import org.smartclinic.simulator.twin.Faults;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The OX-300 twin read by the real gateway side: a {@link DeviceLink} over a real pty ({@link SerialTransport}) or a
 * real loopback TCP connection ({@link TcpClientTransport}), the real {@code ox300} driver (readings every second)
 * and an in-memory journal; and once by a plain socket, to check the wire itself.
 */
class Ox300TwinIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DeviceIdentity IDENTITY = new DeviceIdentity("OX-300", "OX3-SIM-0001", "1.4.2");
    private static final DeviceStatus MEASURING = new DeviceStatus(DeviceStatus.State.MEASURING, "");
    private static final DeviceStatus SENSOR_OFF = new DeviceStatus(DeviceStatus.State.READY, "sensor off");
    /** Threads of this test's twins and links. */
    private static final Pattern OURS = Pattern.compile("twin-ox300-.*|link-ox-1");

    @TempDir
    Path dir;

    private final StreamRecorder recorder = new StreamRecorder();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private long descriptorsBefore;

    /** The JDK keeps one socket for the whole process once the first NIO channel closes: not ours, open it first. */
    @BeforeAll
    static void warmUpNio() throws IOException {
        ServerSocketChannel.open().close();
    }

    @BeforeEach
    void countDescriptors() throws IOException {
        descriptorsBefore = openDescriptors();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName).noneMatch(n -> OURS.matcher(n).matches()));
        assertThat(openDescriptors()).as("descriptors left open").isLessThanOrEqualTo(descriptorsBefore);
    }

    @Test
    void pty_realDriver_identityContiguousChunksAndReadingsEverySecond() throws Exception {
        Ox300Twin twin = start(Ox300Twin.builder(dir.resolve("ox1")).seed(1).spo2(96).pulse(80));
        link(() -> serial(twin.link()));

        await().atMost(WAIT).until(() -> recorder.readings.size() >= 3);

        assertThat(recorder.identities).isNotEmpty().containsOnly(IDENTITY);
        assertThat(twin.stats().requestsAnswered()).as("the driver's identify request").isGreaterThanOrEqualTo(1);
        assertThat(recorder.statuses).extracting(StatusAt::status).containsExactly(MEASURING);
        assertContiguous(List.copyOf(recorder.chunks), 0);
        assertThat(recorder.rejected).isEmpty();
        List<Reading> readings = List.copyOf(recorder.readings);
        assertThat(readings).allSatisfy(r -> {
            assertThat(value(r, "SPO2")).isBetween(94, 98);
            assertThat(value(r, "PR")).isBetween(77, 83);
        });
        for (int i = 1; i < readings.size(); i++) {
            Duration apart = Duration.between(readings.get(i - 1).receivedAt(), readings.get(i).receivedAt());
            assertThat(apart).as("interval=1s").isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    @Test
    void pty_sensorOffAtRunTime_readyStatusInvalidSamplesAndNoReadingsUntilBackOn() throws Exception {
        Ox300Twin twin = start(Ox300Twin.builder(dir.resolve("ox1")).seed(2));
        link(() -> serial(twin.link()));
        await().atMost(WAIT).until(() -> recorder.readings.size() >= 1);

        twin.sensorOff(true);
        await().atMost(WAIT).until(() -> recorder.last(SENSOR_OFF) != null);
        StatusAt off = recorder.last(SENSOR_OFF);
        // 40 frames: 1.6 s off, longer than the reading interval.
        await().atMost(WAIT).until(() -> recorder.chunks.size() >= off.chunksBefore() + 40);
        twin.sensorOff(false);
        await().atMost(WAIT).until(() -> recorder.statuses.getLast().status().equals(MEASURING));
        StatusAt on = recorder.statuses.getLast();

        assertThat(on.readingsBefore()).as("no reading while the sensor was off").isEqualTo(off.readingsBefore());
        List<StreamedWaveform> offChunks = recorder.chunksFrom(off.chunksBefore())
                .subList(0, on.chunksBefore() - off.chunksBefore());
        assertThat(offChunks).hasSizeGreaterThanOrEqualTo(40).allSatisfy(c -> {
            assertThat(c.gapBefore()).isZero();
            assertThat(c.channels().getFirst().samples()).containsOnly(StreamedWaveform.INVALID);
        });
        await().atMost(WAIT).until(() -> recorder.readings.size() > on.readingsBefore());
        assertContiguous(List.copyOf(recorder.chunks), 0);
    }

    @Test
    void pty_corruptEveryTenth_badChecksumCountedAndTheNextChunkHasAGapOfFive() throws Exception {
        Ox300Twin twin = start(Ox300Twin.builder(dir.resolve("ox1")).seed(3).corruptEvery(10));
        link(() -> serial(twin.link()));

        await().atMost(WAIT).until(() -> recorder.rejections(RejectReason.BAD_CHECKSUM) >= 3
                && gapChunks().size() >= 3);

        assertThat(recorder.rejected).extracting(r -> r.reason()).containsOnly(RejectReason.BAD_CHECKSUM);
        List<StreamedWaveform> gaps = gapChunks();
        assertThat(gaps).extracting(StreamedWaveform::gapBefore).containsOnly(5);
        for (int i = 1; i < gaps.size(); i++) {
            assertThat(gaps.get(i).sequence() - gaps.get(i - 1).sequence()).as("9 good frames, 1 lost").isEqualTo(9);
        }
        assertThat(twin.injected().get(Faults.Injected.CORRUPTED)).isGreaterThanOrEqualTo(3);
        assertThat(twin.stats().faultsInjected()).isEqualTo(twin.injected().get(Faults.Injected.CORRUPTED));
    }

    @Test
    void tcpListen_tcpClientTransport_identifyAnsweredReadingsAndErrorStatusReported() throws Exception {
        Ox300Twin twin = start(Ox300Twin.builder(TwinPlug.tcpListen(0)).seed(4).serial("OX3-BED-04"));
        int port = twin.listeningPort().orElseThrow();
        link(() -> new TcpClientTransport(TcpClientSettings.of("127.0.0.1", port)));

        await().atMost(WAIT).until(() -> recorder.readings.size() >= 1);
        assertThat(twin.awaitRequestsAnswered(1, WAIT)).isTrue();
        assertThat(twin.stats().identityFrames()).as("on connect, and the answer").isGreaterThanOrEqualTo(2);
        assertThat(recorder.identities).containsOnly(new DeviceIdentity("OX-300", "OX3-BED-04", "1.4.2"));

        twin.deviceError("probe fault");
        DeviceStatus error = new DeviceStatus(DeviceStatus.State.ERROR, "probe fault");
        await().atMost(WAIT).until(() -> recorder.last(error) != null);
        twin.clearError();
        await().atMost(WAIT).until(() -> recorder.statuses.getLast().status().equals(MEASURING));
        twin.lowSignal(true);
        DeviceStatus low = new DeviceStatus(DeviceStatus.State.MEASURING, "low signal");
        await().atMost(WAIT).until(() -> recorder.last(low) != null);

        assertThat(recorder.statuses).extracting(StatusAt::status).containsExactly(MEASURING, error, MEASURING, low);
        assertThat(twin.stats().errorFrames()).isEqualTo(2);
        assertContiguous(List.copyOf(recorder.chunks), 0);
        assertThat(recorder.rejected).isEmpty();
    }

    @Test
    void tcpListen_dropNoiseAndUnplug_gapsAndNoiseCountedThenTheLinkComesBackWithANewIdentity() throws Exception {
        Ox300Twin twin = start(Ox300Twin.builder(TwinPlug.tcpListen(0)).seed(7).dropEvery(7).noiseEvery(4)
                .unplugAfter(30, Duration.ofMillis(300)));
        int port = twin.listeningPort().orElseThrow();
        link(() -> new TcpClientTransport(TcpClientSettings.of("127.0.0.1", port)));

        await().atMost(WAIT).until(() -> recorder.identities.size() >= 2 && recorder.chunks.size() >= 40);

        assertThat(twin.lineCounters().get(Twin.Count.PLUGS)).isEqualTo(2);
        assertThat(twin.injected().get(Faults.Injected.UNPLUGS)).isEqualTo(1);
        assertThat(twin.injected().get(Faults.Injected.DROPPED)).isGreaterThanOrEqualTo(4);
        assertThat(recorder.rejected).extracting(r -> r.reason()).containsOnly(RejectReason.NOISE);
        assertThat(recorder.rejections(RejectReason.NOISE)).isGreaterThanOrEqualTo(7);
        assertThat(recorder.chunks).extracting(StreamedWaveform::gapBefore).containsOnly(0, 5);
        assertThat(gapChunks()).as("frames 7, 14, 21, 28 dropped").hasSizeGreaterThanOrEqualTo(4);
        assertThat(recorder.chunks).extracting(StreamedWaveform::sequence).as("a new connection counts afresh")
                .containsSubsequence(25L, 0L, 1L);
    }

    @Test
    void tcpListen_plainSocket_identityFirstThenPacedDataWithWrappingSeqAndScheduledSensorOff() throws Exception {
        Ox300Twin twin = start(Ox300Twin.builder(TwinPlug.tcpListen(0)).seed(5).firstSeq(65533)
                .sensorOff(Duration.ofMillis(200), Duration.ofMillis(200)));
        try (Socket socket = new Socket("127.0.0.1", twin.listeningPort().orElseThrow())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            WireFrames wire = new WireFrames(socket.getInputStream());

            SyncFrameOutcome.Frame identity = wire.next();
            assertThat(type(identity)).isEqualTo(Ox300Protocol.TYPE_IDENTITY);
            assertThat(seq(identity)).isEqualTo(65533);
            assertThat(text(identity)).isEqualTo("OX-300;OX3-SIM-0001;1.4.2");
            List<SyncFrameOutcome.Frame> data = new ArrayList<>(List.of(wire.next()));
            long first = System.nanoTime();
            while (data.size() < 26) {
                data.add(wire.next());
            }
            Duration span = Duration.ofNanos(System.nanoTime() - first);

            assertDataFramesFrom(65534, data);
            assertThat(span).as("25 periods of 40 ms").isBetween(Duration.ofMillis(900), Duration.ofMillis(2000));
            socket.getOutputStream().write(Ox300Protocol.identifyRequest());
            assertThat(text(wire.nextOfType(Ox300Protocol.TYPE_IDENTITY))).isEqualTo("OX-300;OX3-SIM-0001;1.4.2");
            assertThat(twin.awaitRequestsAnswered(1, WAIT)).isTrue();
        }
    }

    @Test
    void pty_framesPerSecond500_atLeast900ChunksReachTheLinkInTwoSeconds() throws Exception {
        long started = System.nanoTime();
        Ox300Twin twin = start(Ox300Twin.builder(dir.resolve("ox1")).seed(6).framesPerSecond(500));
        link(() -> serial(twin.link()));
        await().atMost(WAIT).until(() -> !recorder.chunks.isEmpty());
        int before = recorder.chunks.size();
        long from = System.nanoTime();

        await().atMost(Duration.ofSeconds(2)).until(() -> recorder.chunks.size() - before >= 900);

        long millis = (System.nanoTime() - from) / 1_000_000;
        System.out.printf("Ox300TwinIT: 900 chunks at 500 frames/s took %d ms%n", millis);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(twin.stats().dataFrames()).as("paced, not flooded").isLessThanOrEqualTo((long) (500 * seconds) + 1);
        assertThat(twin.framePeriod()).isEqualTo(Duration.ofMillis(2));
    }

    private Ox300Twin start(Ox300TwinBuilder builder) throws IOException {
        Ox300Twin twin = builder.start();
        toClose.add(twin);
        return twin;
    }

    private void link(Supplier<ByteTransport> transports) {
        StreamDriver driver = (StreamDriver) DeviceDriverFactory.find("ox300").orElseThrow()
                .create(new DriverContext("ox-1", ZoneOffset.UTC, Map.of(Ox300DriverFactory.OPTION_INTERVAL, "1s")));
        DeviceLink link = new DeviceLink("ox-1", Connector.stream(transports), driver, recorder, recorder,
                LinkSettings.withQuietTime(Duration.ofSeconds(3)));
        toClose.add(link);
        link.start();
    }

    private static SerialTransport serial(Path link) {
        return new SerialTransport(SerialSettings.eightNoneOne(115200).withPath(link.toString()));
    }

    private List<StreamedWaveform> gapChunks() {
        return recorder.chunks.stream().filter(c -> c.gapBefore() > 0).toList();
    }

    /** Chunk numbers 0, 1, 2, ... with the given gap before each, 5 valid pleth samples at 125 Hz. */
    private static void assertContiguous(List<StreamedWaveform> chunks, int gap) {
        assertThat(chunks).isNotEmpty();
        for (int i = 0; i < chunks.size(); i++) {
            StreamedWaveform c = chunks.get(i);
            assertThat(c.sequence()).isEqualTo(i);
            assertThat(c.gapBefore()).as("gap before chunk %d", i).isEqualTo(gap);
            assertThat(c.periodMicros()).isEqualTo(8000);
            assertThat(c.length()).isEqualTo(5);
        }
    }

    private static int value(Reading r, String code) {
        return r.measurements().stream().filter(m -> m.deviceCode().code().equals(code)).map(Measurement::value)
                .map(v -> ((Value.Quantity) v).value()).map(BigDecimal::intValueExact).findFirst().orElseThrow();
    }

    /**
     * DATA frames with seq counting from {@code firstSeq} (wrapping), 5 samples each; frame k carries samples
     * 5k..5k+4, taken at 40k ms, so a sensor-off period from 200 ms for 200 ms covers frames 5..9.
     */
    private static void assertDataFramesFrom(int firstSeq, List<SyncFrameOutcome.Frame> data) {
        for (int k = 0; k < data.size(); k++) {
            SyncFrameOutcome.Frame f = data.get(k);
            assertThat(type(f)).isEqualTo(Ox300Protocol.TYPE_DATA);
            assertThat(seq(f)).as("seq of data frame %d", k).isEqualTo((firstSeq + k) % Ox300Protocol.SEQ_MODULUS);
            assertThat(f.payload()).hasSize(Ox300Protocol.DATA_VALUES_LENGTH + 5);
            assertThat(f.payload()[0]).as("flags of data frame %d", k)
                    .isEqualTo((byte) (k >= 5 && k < 10 ? Ox300Protocol.FLAG_SENSOR_OFF : 0));
        }
        assertThat(Arrays.copyOfRange(data.get(7).payload(), 1, 11)).as("no values, pleth 0")
                .containsExactly(0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0);
    }

    private static String text(SyncFrameOutcome.Frame f) {
        return new String(f.payload(), StandardCharsets.US_ASCII);
    }

    private static int type(SyncFrameOutcome.Frame f) {
        return f.header()[0] & 0xFF;
    }

    private static int seq(SyncFrameOutcome.Frame f) {
        return (f.header()[2] & 0xFF) << 8 | f.header()[3] & 0xFF;
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Frames off a blocking stream, decoded with the protocol's own framer; anything but a frame fails. */
    private static final class WireFrames {
        private final InputStream in;
        private final SyncFrameDecoder decoder = new SyncFrameDecoder(Ox300Protocol.FORMAT);
        private final ArrayDeque<SyncFrameOutcome> pending = new ArrayDeque<>();
        private final byte[] buffer = new byte[512];

        WireFrames(InputStream in) {
            this.in = in;
        }

        SyncFrameOutcome.Frame next() throws IOException {
            while (pending.isEmpty()) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new IOException("the twin hung up");
                }
                pending.addAll(decoder.decode(buffer, 0, n));
            }
            SyncFrameOutcome o = pending.poll();
            assertThat(o).as("a good frame").isInstanceOf(SyncFrameOutcome.Frame.class);
            return (SyncFrameOutcome.Frame) o;
        }

        SyncFrameOutcome.Frame nextOfType(int type) throws IOException {
            for (int i = 0; i < 100; i++) {
                SyncFrameOutcome.Frame f = next();
                if (type(f) == type) {
                    return f;
                }
            }
            throw new AssertionError("no frame of type " + type + " in 100 frames");
        }
    }
}
