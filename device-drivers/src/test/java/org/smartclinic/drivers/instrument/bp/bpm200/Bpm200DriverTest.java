package org.smartclinic.drivers.instrument.bp.bpm200;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

class Bpm200DriverTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 23, 10, 15, 0);
    private static final byte[] GOOD = Bpm200Protocol.frame(
            Bpm200Protocol.measurementBody(42, TIME, "128", "82", "97", "71", "mmHg"));

    @ParameterizedTest
    @CsvSource({
        "UTC,           2026-11-23T10:15:00, 2026-11-23T10:15:00Z",
        "Europe/Berlin, 2026-11-23T10:15:00, 2026-11-23T09:15:00Z",
        "Europe/Berlin, 2026-07-01T10:15:00, 2026-07-01T08:15:00Z",
        "Asia/Kolkata,  2026-11-23T10:15:00, 2026-11-23T04:45:00Z",
        "America/New_York, 2026-11-23T10:15:00, 2026-11-23T15:15:00Z",
        // DST overlap (clocks go back 03:00 -> 02:00): the earlier offset, +02:00
        "Europe/Berlin, 2026-10-25T02:30:00, 2026-10-25T00:30:00Z",
        // DST gap (02:00 -> 03:00): 02:30 does not exist, read as 03:30 +02:00
        "Europe/Berlin, 2026-03-29T02:30:00, 2026-03-29T01:30:00Z"
    })
    void decode_deviceTimeInDeviceZone_convertedToInstant(String zone, LocalDateTime local, Instant expected) {
        Reading reading = onlyReading(driver(ZoneId.of(zone)),
                Bpm200Protocol.frame(Bpm200Protocol.measurementBody(7, local, "120", "80", "", "", "mmHg")));

        assertThat(reading.deviceTime()).isEqualTo(expected);
        assertThat(reading.key()).isEqualTo(Bpm200Protocol.TIME_FORMAT.format(local) + "#0007");
    }

    @Test
    void decode_kpaValues_keptAsSentWithTheirDecimal() {
        Reading reading = onlyReading(driver(ZoneId.of("UTC")), Bpm200Protocol.frame(
                Bpm200Protocol.measurementBody(1, TIME, "16.0", "10.5", "12.3", "64", "kPa")));

        List<Measurement> components = reading.measurements().getFirst().components();
        assertThat(components).extracting(Measurement::value).containsExactly(
                new Value.Quantity(new BigDecimal("16.0"), "kPa"), new Value.Quantity(new BigDecimal("10.5"), "kPa"),
                new Value.Quantity(new BigDecimal("12.3"), "kPa"));
        assertThat(((Value.Quantity) components.getFirst().value()).value().scale()).isEqualTo(1);
        assertThat(reading.measurements().get(1).value()).isEqualTo(new Value.Quantity(new BigDecimal("64"), "bpm"));
    }

    @Test
    void decode_measurement_readingCarriesContextCodesAndRawBytes() {
        StreamDriver driver = new Bpm200DriverFactory().create(DriverContext.of("bp-station-2", ZoneId.of("UTC")));

        List<Outcome> outcomes = driver.decode(GOOD, 0, GOOD.length, RECEIVED);

        Outcome.Accepted accepted = (Outcome.Accepted) outcomes.getFirst();
        assertThat(accepted.ack()).containsExactly(0x06);
        assertThat(accepted.nak()).containsExactly(0x15);
        Reading reading = accepted.readings().getFirst();
        assertThat(reading.deviceId()).isEqualTo("bp-station-2");
        assertThat(reading.receivedAt()).isEqualTo(RECEIVED);
        assertThat(reading.key()).isEqualTo("20261123101500#0042");
        assertThat(accepted.raw()).isEqualTo(GOOD);
        assertThat(accepted.printable()).isEqualTo("$M,0042,20261123101500,128,82,97,71,mmHg*73<CR><LF>");
        assertThat(reading.waveform()).isNull();
        assertThat(reading.sampleId()).isNull();
        assertThat(reading.devicePatientId()).isNull();
        Measurement panel = reading.measurements().getFirst();
        assertThat(panel.deviceCode()).isEqualTo(Code.deviceCode("bpm200", "BP", "Blood pressure"));
        assertThat(panel.value()).isNull();
        assertThat(panel.code(Code.LOINC)).contains(
                new Code(Code.LOINC, "85354-9", "Blood pressure panel with all children optional"));
        assertThat(panel.components()).extracting(Measurement::deviceCode).containsExactly(
                Code.deviceCode("bpm200", "SYS", "Systolic"), Code.deviceCode("bpm200", "DIA", "Diastolic"),
                Code.deviceCode("bpm200", "MAP", "Mean arterial pressure"));
        assertThat(panel.components().getFirst().codes()).containsExactly(
                new Code(Code.LOINC, "8480-6", "Systolic blood pressure"),
                new Code(Code.MDC, "150021", "MDC_PRESS_BLD_NONINV_SYS"));
        assertThat(reading.measurements().get(1).deviceCode()).isEqualTo(
                Code.deviceCode("bpm200", "PR", "Pulse rate"));
    }

    @Test
    void find_bpm200_serviceLoaderFindsFactoryAndDescriptor() {
        DeviceDriverFactory factory = DeviceDriverFactory.find("bpm200").orElseThrow();

        assertThat(factory).isInstanceOf(Bpm200DriverFactory.class);
        DriverDescriptor d = factory.descriptor();
        assertThat(d.id()).isEqualTo("bpm200");
        assertThat(d.displayName()).isEqualTo("BPM-200 automatic blood pressure monitor");
        assertThat(d.family()).isEqualTo("blood-pressure");
        assertThat(d.transports()).containsExactlyInAnyOrder(TransportKind.SERIAL, TransportKind.TCP_CLIENT,
                TransportKind.TCP_SERVER);
        assertThat(d.streams()).isTrue();
        assertThat(d.serialDefaults()).isEqualTo(SerialSettings.eightNoneOne(9600));
        assertThat(d.quietTime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(d.options()).extracting(o -> o.name() + "=" + o.defaultValue()).containsExactly("accept-lone-lf=false");
        assertThat(factory.create(DriverContext.of("bp-1", ZoneId.of("UTC")))).isInstanceOf(Bpm200Driver.class);
    }

    @Test
    void create_unknownOption_refusedNamingIt() {
        DriverContext context = new DriverContext("bp-1", ZoneId.of("UTC"), Map.of("acept-lone-lf", "true"));

        assertThatThrownBy(() -> new Bpm200DriverFactory().create(context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option(s) [acept-lone-lf]");
    }

    @Test
    void create_optionValueNotBoolean_refused() {
        DriverContext context = new DriverContext("bp-1", ZoneId.of("UTC"), Map.of("accept-lone-lf", "yes"));

        assertThatThrownBy(() -> new Bpm200DriverFactory().create(context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be true or false, got 'yes'");
    }

    @Test
    void reset_midFrame_forgetsPartialFrameWithoutReporting() {
        StreamDriver driver = driver(ZoneId.of("UTC"));
        assertThat(driver.decode(GOOD, 0, 20, RECEIVED)).isEmpty();

        driver.reset();

        assertThat(driver.decode(GOOD, 0, GOOD.length, RECEIVED)).singleElement()
                .isInstanceOf(Outcome.Accepted.class);
    }

    @Test
    void decode_randomBytes_neverThrowsAndStillDecodesAGoodFrame() {
        Random random = new Random(20261123L);
        StreamDriver driver = driver(ZoneId.of("Europe/Berlin"));
        byte[] structural = "$*,\r\nMS0123456789.mmHgkPa".getBytes();
        for (int round = 0; round < 200; round++) {
            for (int chunk = 0; chunk < 100; chunk++) {
                byte[] bytes = new byte[random.nextInt(64)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = random.nextBoolean() ? (byte) random.nextInt(256)
                            : structural[random.nextInt(structural.length)];
                }
                assertThat(driver.decode(bytes, 0, bytes.length, RECEIVED)).allSatisfy(Bpm200DriverTest::isSound);
            }
            List<Outcome> outcomes = driver.decode(GOOD, 0, GOOD.length, RECEIVED);

            assertThat(outcomes.getLast()).as("round %d", round).isInstanceOfSatisfying(Outcome.Accepted.class,
                    a -> assertThat(a.readings()).singleElement().extracting(Reading::key)
                            .isEqualTo("20261123101500#0042"));
        }
    }

    @Test
    void decode_mutatedBodiesWithGoodChecksums_rejectedForAReasonNeverByAnError() {
        Random random = new Random(42L);
        StreamDriver driver = driver(ZoneId.of("UTC"));
        List<List<String>> bases = List.of(List.of("M", "0042", "20261123101500", "128", "82", "97", "71", "mmHg"),
                List.of("M", "0043", "20261123101600", "17.1", "10.9", "13.0", "71", "kPa"),
                List.of("S", "0046", "20261123101900", "READY"));
        String[] pieces = {"", "X", "m", "0042", "20261131250000", "128", "82", "17.1", "-5", "999", "1e3", "mmHg",
            "kPa", "READY", "0.0", "00", "NaN", " ", "12.", ".5", "1,2", "9999999999999999999999"};
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            List<String> fields = new ArrayList<>(bases.get(random.nextInt(bases.size())));
            for (int mutations = random.nextInt(4); mutations > 0; mutations--) {
                String piece = pieces[random.nextInt(pieces.length)];
                int at = random.nextInt(fields.size());
                switch (random.nextInt(3)) {
                    case 0 -> fields.set(at, piece);
                    case 1 -> fields.add(at, piece);
                    default -> fields.remove(at);
                }
                if (fields.isEmpty()) {
                    fields.add(piece);
                }
            }
            byte[] frame = Bpm200Protocol.frame(String.join(",", fields));

            Outcome outcome = driver.decode(frame, 0, frame.length, RECEIVED).getLast();

            isSound(outcome);
            if (outcome instanceof Outcome.Rejected rejected) {
                assertThat(rejected.reason()).as(rejected.printable()).isIn(RejectReason.MALFORMED,
                        RejectReason.BAD_VALUE, RejectReason.UNSUPPORTED);
            } else {
                accepted++;
            }
        }
        assertThat(accepted).as("unmutated and harmlessly mutated bodies are accepted").isBetween(2_000, 18_000);
    }

    private static void isSound(Outcome outcome) {
        switch (outcome) {
            case Outcome.Accepted a -> assertThat(a.ack()).containsExactly(Bpm200Protocol.ACK);
            case Outcome.Rejected r -> {
                assertThat(r.answer()).isEqualTo(r.reason() == RejectReason.NOISE ? new byte[0]
                        : new byte[] {Bpm200Protocol.NAK});
                assertThat(r.detail()).doesNotStartWith("driver error");
            }
            case Outcome.StatusReport s -> assertThat(s.status().text()).isEmpty();
            default -> throw new AssertionError("the BPM-200 reports no " + outcome);
        }
    }

    private static StreamDriver driver(ZoneId zone) {
        return new Bpm200Driver(DriverContext.of("bp-1", zone), false);
    }

    private static Reading onlyReading(StreamDriver driver, byte[] frame) {
        List<Outcome> outcomes = driver.decode(frame, 0, frame.length, RECEIVED);
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Accepted.class);
        return ((Outcome.Accepted) outcomes.getFirst()).readings().getFirst();
    }
}
