package org.smartclinic.drivers.instrument.oximetry.ox300;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DeviceDriverFactory.Identification;
import org.smartclinic.drivers.spi.DriverChannel;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * The OX-300 driver where vectors cannot reach: the identify timer (with a recording channel, since timers never
 * fire in vector runs), receive times that advance, the factory, {@code identify} and the encoders. Expected frame
 * bytes were computed outside Java (Python {@code binascii.crc_hqx}).
 */
class Ox300DriverTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final byte[] IDENTITY = Ox300Protocol.identityFrame(0, "OX-300", "A1234567", "2.1.0");
    private static final byte[] SAMPLES = {(byte) 128, (byte) 130, (byte) 133, (byte) 137, (byte) 140};

    private final Ox300DriverFactory factory = new Ox300DriverFactory();
    private final RecordingChannel channel = new RecordingChannel();

    @Test
    void onConnect_sendsIdentifyRequestAndArmsTwoSecondTimer() {
        StreamDriver driver = bound(Map.of());

        assertThat(driver.onConnect(T0)).isEmpty();

        assertThat(channel.events).containsExactly("send AA55810000002F4C", "schedule identify PT2S");
    }

    @Test
    void onTimer_noIdentity_asksThreeTimesInAllThenGivesUpQuietly() {
        StreamDriver driver = bound(Map.of());
        driver.onConnect(T0);

        assertThat(driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(2))).isEmpty();
        assertThat(driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(4))).isEmpty();
        assertThat(driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(6))).isEmpty();
        assertThat(driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(8))).isEmpty();

        assertThat(channel.events).containsExactly(
                "send AA55810000002F4C", "schedule identify PT2S",
                "send AA55810000002F4C", "schedule identify PT2S",
                "send AA55810000002F4C", "schedule identify PT2S");
    }

    @Test
    void decode_identityWhileAsking_cancelsTimerAndAsksNoMore() {
        StreamDriver driver = bound(Map.of());
        driver.onConnect(T0);

        List<Outcome> outcomes = driver.decode(IDENTITY, 0, IDENTITY.length, T0.plusMillis(30));
        driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(2));

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.getFirst()).isInstanceOfSatisfying(Outcome.IdentityReport.class, i -> {
            assertThat(i.identity().model()).isEqualTo("OX-300");
            assertThat(i.identity().serialNumber()).isEqualTo("A1234567");
            assertThat(i.identity().firmware()).isEqualTo("2.1.0");
        });
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(Outcome.Accepted.class, a -> {
            assertThat(a.readings()).isEmpty();
            assertThat(a.raw()).isEqualTo(IDENTITY);
            assertThat(a.ack()).isEmpty();
            assertThat(a.nak()).isEmpty();
        });
        assertThat(channel.events).containsExactly("send AA55810000002F4C", "schedule identify PT2S",
                "cancel identify");
    }

    @Test
    void decode_identityWithoutAsking_reportedWithoutTouchingTimers() {
        StreamDriver driver = bound(Map.of());

        assertThat(driver.decode(IDENTITY, 0, IDENTITY.length, T0)).first().isInstanceOf(Outcome.IdentityReport.class);
        assertThat(channel.events).isEmpty();
    }

    @Test
    void onTimer_otherName_ignored() {
        StreamDriver driver = bound(Map.of());
        driver.onConnect(T0);

        assertThat(driver.onTimer("poll", T0.plusSeconds(2))).isEmpty();
        assertThat(channel.events).hasSize(2);
    }

    @Test
    void onConnect_nextConnection_asksThreeTimesAgain() {
        StreamDriver driver = bound(Map.of());
        driver.onConnect(T0);
        driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(2));
        driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(4));
        driver.reset();
        channel.events.clear();

        driver.onConnect(T0.plusSeconds(60));
        driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(62));
        driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(64));
        driver.onTimer(Ox300Driver.IDENTIFY_TIMER, T0.plusSeconds(66));

        assertThat(channel.events).filteredOn(e -> e.startsWith("send")).hasSize(3);
    }

    @Test
    void decode_dataFrames_chunkTimingAndChannel() {
        StreamDriver driver = bound(Map.of());

        StreamedWaveform first = chunk(driver, data(7, 0, 98, 72), T0);
        StreamedWaveform second = chunk(driver, data(8, 0, 98, 72), T0.plusMillis(40));
        StreamedWaveform afterGap = chunk(driver, Ox300Protocol.dataFrame(11, 0, 98, 72, 350, new byte[8]),
                T0.plusMillis(160));

        assertThat(first.stream()).isEqualTo("pleth");
        assertThat(first.start()).isEqualTo(T0);
        assertThat(first.periodMicros()).isEqualTo(8000);
        assertThat(first.sequence()).isZero();
        assertThat(first.gapBefore()).isZero();
        assertThat(first.channels()).singleElement().satisfies(c -> {
            assertThat(c.code()).isEqualTo(new Code(Code.MDC, "150452", "MDC_PULS_OXIM_PLETH"));
            assertThat(c.unit()).isEqualTo("1");
            assertThat(c.factor()).isEqualTo(1.0);
            assertThat(c.samples()).containsExactly(128, 130, 133, 137, 140);
        });
        assertThat(second.start()).isEqualTo(T0.plusMillis(40));
        assertThat(second.sequence()).isEqualTo(1);
        assertThat(second.gapBefore()).isZero();
        assertThat(afterGap.sequence()).isEqualTo(2);
        assertThat(afterGap.gapBefore()).isEqualTo(2 * 8);
        assertThat(afterGap.length()).isEqualTo(8);
    }

    @Test
    void decode_validFrame_readingWithCodesValuesAndKey() {
        StreamDriver driver = factory.create(DriverContext.of("oxi-bed-3", ZoneOffset.UTC));

        Reading reading = readings(driver, data(42, 0, 98, 72), T0).getFirst();

        assertThat(reading.deviceId()).isEqualTo("oxi-bed-3");
        assertThat(reading.key()).isEqualTo(T0.toEpochMilli() + "-42");
        assertThat(reading.deviceTime()).isNull();
        assertThat(reading.receivedAt()).isEqualTo(T0);
        assertThat(reading.waveform()).isNull();
        assertThat(reading.measurements()).hasSize(2);
        Measurement spo2 = reading.measurements().getFirst();
        assertThat(spo2.deviceCode()).isEqualTo(Code.deviceCode("ox300", "SPO2", "Oxygen saturation"));
        assertThat(spo2.codes()).containsExactly(
                new Code(Code.LOINC, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"),
                new Code(Code.MDC, "150456", "MDC_PULS_OXIM_SAT_O2"));
        assertThat(spo2.value()).isEqualTo(new Value.Quantity(new BigDecimal("98"), "%"));
        Measurement pulse = reading.measurements().get(1);
        assertThat(pulse.deviceCode()).isEqualTo(Code.deviceCode("ox300", "PR", "Pulse rate"));
        assertThat(pulse.codes()).containsExactly(new Code(Code.LOINC, "8867-4", "Heart rate"),
                new Code(Code.MDC, "149530", "MDC_PULS_OXIM_PULS_RATE"));
        assertThat(pulse.value()).isEqualTo(new Value.Quantity(new BigDecimal("72"), "/min"));
    }

    @Test
    void decode_intervalPolicy_firstValidFrameThenFirstAtLeastIntervalAfterTheLastReading() {
        StreamDriver driver = bound(Map.of());
        List<String> reported = new ArrayList<>();
        long[] offsetsMillis = {0, 4_000, 9_999, 10_000, 15_000, 19_999, 20_000};

        for (int i = 0; i < offsetsMillis.length; i++) {
            readings(driver, data(i, 0, 98, 72), T0.plusMillis(offsetsMillis[i])).forEach(r -> reported.add(r.key()));
        }

        assertThat(reported).containsExactly(T0.toEpochMilli() + "-0", T0.plusSeconds(10).toEpochMilli() + "-3",
                T0.plusSeconds(20).toEpochMilli() + "-6");
    }

    @Test
    void decode_intervalPolicy_invalidFramesNeitherReportNorRestartTheInterval() {
        StreamDriver driver = bound(Map.of(Ox300DriverFactory.OPTION_INTERVAL, "5s"));

        assertThat(readings(driver, data(1, Ox300Protocol.FLAG_SENSOR_OFF, 98, 72), T0)).isEmpty();
        assertThat(readings(driver, data(2, 0, 98, 72), T0.plusSeconds(1))).hasSize(1);
        assertThat(readings(driver, data(3, Ox300Protocol.FLAG_LOW_SIGNAL, 98, 72), T0.plusSeconds(6))).isEmpty();
        assertThat(readings(driver, data(4, 0, Ox300Protocol.SPO2_NO_VALUE, 72), T0.plusSeconds(7))).isEmpty();
        assertThat(readings(driver, data(5, 0, 97, 72), T0.plusSeconds(8))).hasSize(1);
    }

    @Test
    void decode_changePolicy_changedValuesNotSoonerThanMinInterval() {
        StreamDriver driver = bound(Map.of(Ox300DriverFactory.OPTION_REPORT, "change"));

        assertThat(readings(driver, data(1, 0, 98, 72), T0)).hasSize(1);
        assertThat(readings(driver, data(2, 0, 97, 72), T0.plusSeconds(1))).as("changed, too soon").isEmpty();
        assertThat(readings(driver, data(3, 0, 97, 72), T0.plusSeconds(2))).as("differs from last reading")
                .hasSize(1);
        assertThat(readings(driver, data(4, 0, 97, 72), T0.plusSeconds(5))).as("unchanged").isEmpty();
        assertThat(readings(driver, data(5, 0, 97, 73), T0.plusSeconds(6))).as("pulse changed").hasSize(1);
        assertThat(readings(driver, data(6, 0, 98, 72), T0.plusSeconds(60))).as("changed, late").hasSize(1);
    }

    @Test
    void decode_gatewayClockSetBack_reportsAgainRatherThanFallSilent() {
        StreamDriver driver = bound(Map.of());

        assertThat(readings(driver, data(1, 0, 98, 72), T0)).hasSize(1);
        assertThat(readings(driver, data(2, 0, 98, 72), T0.minus(Duration.ofHours(1)))).hasSize(1);
    }

    @Test
    void reset_midFrame_forgetsPartialFrameStatusChunkNumbersAndPolicy() {
        StreamDriver driver = bound(Map.of());
        byte[] frame = data(1, 0, 98, 72);
        driver.decode(frame, 0, frame.length, T0);
        driver.decode(frame, 0, 10, T0);

        driver.reset();
        List<Outcome> outcomes = driver.decode(frame, 0, frame.length, T0.plusSeconds(1));

        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.getFirst()).isInstanceOf(Outcome.StatusReport.class);
        assertThat(((Outcome.WaveformChunk) outcomes.get(1)).waveform().sequence()).isZero();
        assertThat(((Outcome.Accepted) outcomes.get(2)).readings()).hasSize(1);
    }

    @Test
    void decode_20kChunksOfRandomBytes_neverThrowThenAGoodFrameDecodes() {
        StreamDriver driver = bound(Map.of());
        Random random = new Random(300);
        for (int chunk = 0; chunk < 20_000; chunk++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 2 && random.nextInt(4) == 0) {
                bytes[random.nextInt(bytes.length - 1)] = Ox300Protocol.SYNC_1;
                bytes[random.nextInt(bytes.length)] = Ox300Protocol.SYNC_2;
            }
            List<Outcome> outcomes = driver.decode(bytes, 0, bytes.length, T0.plusMillis(chunk));
            assertThat(outcomes).allSatisfy(o -> assertThat(raw(o).length).isLessThanOrEqualTo(
                    Ox300Protocol.MAX_FRAME_LENGTH));
        }
        byte[] good = data(9, 0, 98, 72);
        byte[] twice = concat(good, good);

        List<Outcome> outcomes = driver.decode(twice, 0, twice.length, T0.plusSeconds(60));

        assertThat(outcomes.getLast()).isInstanceOfSatisfying(Outcome.Accepted.class,
                a -> assertThat(a.raw()).isEqualTo(good));
    }

    @Test
    void find_ox300_serviceLoaderFindsFactoryAndDescriptor() {
        DeviceDriverFactory found = DeviceDriverFactory.find("ox300").orElseThrow();

        assertThat(found).isInstanceOf(Ox300DriverFactory.class);
        DriverDescriptor d = found.descriptor();
        assertThat(d.id()).isEqualTo("ox300");
        assertThat(d.displayName()).isEqualTo("OX-300 bedside pulse oximeter");
        assertThat(d.family()).isEqualTo("pulse-oximetry");
        assertThat(d.transports()).containsExactlyInAnyOrder(TransportKind.SERIAL, TransportKind.TCP_CLIENT,
                TransportKind.TCP_SERVER);
        assertThat(d.streams()).isTrue();
        assertThat(d.serialDefaults()).isEqualTo(SerialSettings.eightNoneOne(115200));
        assertThat(d.quietTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.options()).extracting(o -> o.name() + "=" + o.defaultValue())
                .containsExactly("report=interval", "interval=10s", "min-interval=2s");
        assertThat(d.options()).extracting(DriverOption::description).allSatisfy(t -> assertThat(t).isNotBlank());
        assertThat(found.create(DriverContext.of("oxi-1", ZoneOffset.UTC))).isInstanceOf(Ox300Driver.class);
    }

    @ParameterizedTest
    @CsvSource({
        "reprot,       change, unknown option(s) [reprot]",
        "report,       always, option report must be one of interval, change, got 'always'",
        "interval,     ten,    option interval must be a duration such as 500ms, 10s or 2m, got 'ten'",
        "interval,     -1s,    option interval must be a duration that is not negative, got '-1s'",
        "min-interval, 2x,     option min-interval must be a duration such as 500ms, 10s or 2m, got '2x'"
    })
    void create_badOption_refusedNamingIt(String name, String value, String message) {
        DriverContext context = new DriverContext("oxi-1", ZoneOffset.UTC, Map.of(name, value));

        assertThatThrownBy(() -> factory.create(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void create_badIntervalInChangeMode_stillRefused() {
        DriverContext context = new DriverContext("oxi-1", ZoneOffset.UTC, Map.of("report", "change", "interval",
                "soon"));

        assertThatThrownBy(() -> factory.create(context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option interval");
    }

    @Test
    void identify_identityFirst_serialNumber() {
        assertThat(factory.identify(IDENTITY, IDENTITY.length))
                .isEqualTo(new Identification.SerialNumber("A1234567"));
    }

    @Test
    void identify_noiseThenIdentity_serialNumber() {
        byte[] bytes = concat(new byte[] {0x01, (byte) 0xAA, 0x7F}, IDENTITY, data(1, 0, 98, 72));

        assertThat(factory.identify(bytes, bytes.length)).isEqualTo(new Identification.SerialNumber("A1234567"));
    }

    @Test
    void identify_dataFirst_notSaid() {
        byte[] bytes = concat(data(1, 0, 98, 72), IDENTITY);

        assertThat(factory.identify(bytes, bytes.length)).isEqualTo(Identification.NotSaid.INSTANCE);
    }

    @Test
    void identify_identityWithoutSerial_notSaid() {
        byte[] bytes = Ox300Protocol.identityFrame(0, "OX-300", " ", "2.1.0");

        assertThat(factory.identify(bytes, bytes.length)).isEqualTo(Identification.NotSaid.INSTANCE);
    }

    @Test
    void identify_partialFrame_needMore() {
        assertThat(factory.identify(IDENTITY, 10)).isEqualTo(Identification.NeedMore.INSTANCE);
        assertThat(factory.identify(IDENTITY, 0)).isEqualTo(Identification.NeedMore.INSTANCE);
        assertThat(factory.identify(Arrays.copyOf(IDENTITY, 400), 20)).isEqualTo(Identification.NeedMore.INSTANCE);
    }

    @Test
    void identify_garbage_needMoreBelow200BytesThenNotSaid() {
        byte[] garbage = new byte[Ox300DriverFactory.IDENTIFY_BYTE_LIMIT];
        Arrays.fill(garbage, (byte) 0x3C);

        assertThat(factory.identify(garbage, 199)).isEqualTo(Identification.NeedMore.INSTANCE);
        assertThat(factory.identify(garbage, 200)).isEqualTo(Identification.NotSaid.INSTANCE);
    }

    @Test
    void identify_anyInput_neverThrows() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            int length = random.nextInt(400) - 50;
            assertThatCode(() -> factory.identify(bytes, length)).doesNotThrowAnyException();
        }
        assertThat(factory.identify(null, 5)).isEqualTo(Identification.NotSaid.INSTANCE);
        assertThat(factory.identify(IDENTITY, 1000)).isEqualTo(new Identification.SerialNumber("A1234567"));
    }

    @Test
    void encoders_frames_matchBytesComputedOutsideJava() {
        assertThat(hex(Ox300Protocol.identifyRequest())).isEqualTo("AA55810000002F4C");
        assertThat(hex(Ox300Protocol.dataFrame(1, 0, 98, 72, 350, SAMPLES)))
                .isEqualTo("AA55010B000100620048015E808285898C836D");
        assertThat(hex(IDENTITY)).isEqualTo("AA55021500004F582D3330303B41313233343536373B322E312E3002C7");
        assertThat(hex(Ox300Protocol.errorFrame(7, ""))).isEqualTo("AA55030000076FFB");
        assertThat(Ox300Protocol.nextSeq(65535)).isZero();
        assertThat(Ox300Protocol.nextSeq(41)).isEqualTo(42);
        assertThat(Ox300Protocol.MAX_FRAME_LENGTH).isEqualTo(Ox300Protocol.FORMAT.maxFrameLength()).isEqualTo(72);
    }

    @Test
    void encoders_valuesThatDoNotFitTheWire_refused() {
        assertThatThrownBy(() -> Ox300Protocol.dataFrame(65536, 0, 98, 72, 350, SAMPLES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> Ox300Protocol.dataFrame(1, 0, 256, 72, 350, SAMPLES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spo2");
        assertThatThrownBy(() -> Ox300Protocol.dataFrame(1, 0, 98, -1, 350, SAMPLES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pulse");
        assertThatThrownBy(() -> Ox300Protocol.frame(1, 0, new byte[256]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload length");
        assertThatThrownBy(() -> Ox300Protocol.errorFrame(1, "\u20ac"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one byte");
    }

    private StreamDriver bound(Map<String, String> options) {
        StreamDriver driver = factory.create(new DriverContext("oxi-1", ZoneOffset.UTC, options));
        driver.bind(channel);
        return driver;
    }

    private static byte[] data(int seq, int flags, int spo2, int pulse) {
        return Ox300Protocol.dataFrame(seq, flags, spo2, pulse, 350, SAMPLES);
    }

    private static StreamedWaveform chunk(StreamDriver driver, byte[] frame, Instant at) {
        return driver.decode(frame, 0, frame.length, at).stream().filter(o -> o instanceof Outcome.WaveformChunk)
                .map(o -> ((Outcome.WaveformChunk) o).waveform()).findFirst().orElseThrow();
    }

    private static List<Reading> readings(StreamDriver driver, byte[] frame, Instant at) {
        List<Outcome> outcomes = driver.decode(frame, 0, frame.length, at);
        assertThat(outcomes.getLast()).isInstanceOf(Outcome.Accepted.class);
        return ((Outcome.Accepted) outcomes.getLast()).readings();
    }

    private static byte[] raw(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Accepted a -> a.raw();
            case Outcome.Rejected r -> r.raw();
            default -> new byte[0];
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Records what the driver asks of its link, in order; the clock is fixed. */
    private static final class RecordingChannel implements DriverChannel {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean send(byte[] bytes) {
            events.add("send " + hex(bytes));
            return true;
        }

        @Override
        public void schedule(String name, Duration delay) {
            events.add("schedule " + name + " " + delay);
        }

        @Override
        public void cancel(String name) {
            events.add("cancel " + name);
        }

        @Override
        public Instant now() {
            return T0;
        }
    }
}
