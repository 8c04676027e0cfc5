package org.smartclinic.drivers.instrument.spirometry.sp80;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.spi.TransportKind;

/** What the vectors cannot show: the descriptor, the writer round trip, files too big for a vector, garbage. */
class Sp80DriverTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private static final String PATIENT = "123-456-789 00";
    private static final Sp80Format.Export EXPORT = new Sp80Format.Export(Sp80Format.MODEL, "SP80-004512", "3.2.1",
            "T20261123-0007", OffsetDateTime.parse("2026-11-23T10:15:00+03:00"), PATIENT, "S-000123", List.of(
                    Sp80Format.ResultLine.of(Sp80Format.FVC, new BigDecimal("3.85"), new BigDecimal("96")),
                    Sp80Format.ResultLine.of(Sp80Format.FEV1, new BigDecimal("3.10"), new BigDecimal("94")),
                    Sp80Format.ResultLine.of(Sp80Format.FEV1_FVC, new BigDecimal("80.5"), null),
                    Sp80Format.ResultLine.of(Sp80Format.PEF, new BigDecimal("7.92"), new BigDecimal("91"))));

    @Test
    void find_sp80_serviceLoaderFindsFactoryAndDescriptor() {
        DeviceDriverFactory factory = DeviceDriverFactory.find("sp80").orElseThrow();

        assertThat(factory).isInstanceOf(Sp80DriverFactory.class);
        DriverDescriptor d = factory.descriptor();
        assertThat(d.displayName()).isEqualTo("SP-80 spirometer (export files)");
        assertThat(d.family()).isEqualTo("spirometry");
        assertThat(d.transports()).containsExactly(TransportKind.FOLDER);
        assertThat(d.streams()).isFalse();
        assertThat(d.serialDefaults()).isNull();
        assertThat(d.quietTime()).isEqualTo(Duration.ZERO);
        assertThat(d.options()).isEmpty();
        assertThat(factory.create(DriverContext.of("spiro-1", ZoneId.of("UTC")))).isInstanceOf(Sp80Driver.class);
    }

    @Test
    void create_anyOption_refusedNamingIt() {
        DriverContext context = new DriverContext("spiro-1", ZoneId.of("UTC"), Map.of("decimal-comma", "true"));

        assertThatThrownBy(() -> new Sp80DriverFactory().create(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option(s) [decimal-comma]; known: none");
    }

    @Test
    void onMessage_writtenByTheWriterInEveryStyle_readsBackTheSameExport() {
        for (Sp80Format.Style style : List.of(Sp80Format.Style.WINDOWS, Sp80Format.Style.UNIX,
                new Sp80Format.Style(true, true), new Sp80Format.Style(false, true))) {
            Reading reading = onlyReading(driver().onMessage(message(Sp80Format.write(EXPORT, style))));

            assertThat(reading.key()).isEqualTo("T20261123-0007");
            assertThat(reading.deviceTime()).isEqualTo(Instant.parse("2026-11-23T07:15:00Z"));
            assertThat(reading.receivedAt()).isEqualTo(RECEIVED);
            assertThat(reading.devicePatientId()).isEqualTo(PATIENT);
            assertThat(reading.sampleId()).isEqualTo("S-000123");
            assertThat(reading.measurements()).extracting(m -> m.deviceCode().code() + "=" + text(m.value()))
                    .as("style %s", style).containsExactly("FVC=3.85 L", "FVC%PRED=96 %", "FEV1=3.10 L",
                            "FEV1%PRED=94 %", "FEV1/FVC=80.5 %", "PEF=7.92 L/s", "PEF%PRED=91 %");
        }
        assertThat(Sp80Parser.parse(Sp80Format.write(EXPORT, new Sp80Format.Style(true, true))))
                .isEqualTo(new Sp80Parser.Parsed.Ok(EXPORT));
    }

    @Test
    void onMessage_goodFile_identityThenReadingWithWholeFileAsRawAndCodes() {
        byte[] file = Sp80Format.write(EXPORT, Sp80Format.Style.WINDOWS);

        List<Outcome> outcomes = driver().onMessage(message(file));

        assertThat(outcomes.getFirst()).isEqualTo(new Outcome.IdentityReport(
                new DeviceIdentity("SP-80", "SP80-004512", "3.2.1")));
        Outcome.Accepted accepted = (Outcome.Accepted) outcomes.get(1);
        assertThat(accepted.raw()).isEqualTo(file);
        assertThat(accepted.ack()).isEmpty();
        assertThat(accepted.nak()).isEmpty();
        Measurement fvc = accepted.readings().getFirst().measurements().getFirst();
        assertThat(fvc.deviceCode()).isEqualTo(Code.deviceCode("sp80", "FVC", "Forced vital capacity"));
        assertThat(fvc.codes()).containsExactly(new Code(Code.LOINC, "19868-9",
                "Forced vital capacity [Volume] Respiratory system by Spirometry"));
    }

    @Test
    void onMessage_fileOver64KiB_overlongWithRawCapped() {
        byte[] file = new byte[Sp80Format.MAX_BYTES + 1];
        Arrays.fill(file, (byte) 'x');

        Outcome.Rejected rejected = onlyRejection(driver().onMessage(message(file)));

        assertThat(rejected.reason()).isEqualTo(RejectReason.OVERLONG);
        assertThat(rejected.detail()).isEqualTo("file has 65537 bytes, more than 65536");
        assertThat(rejected.raw()).hasSize(Sp80Format.MAX_BYTES);
    }

    @Test
    void onMessage_fileOfExactly64KiB_judgedByItsLinesNotItsSize() {
        byte[] good = Sp80Format.write(EXPORT, Sp80Format.Style.UNIX);
        byte[] file = Arrays.copyOf(good, Sp80Format.MAX_BYTES);
        Arrays.fill(file, good.length, file.length, (byte) '\n');

        Outcome.Rejected rejected = onlyRejection(driver().onMessage(message(file)));

        assertThat(rejected.detail()).isEqualTo("file has " + (10 + Sp80Format.MAX_BYTES - good.length)
                + " lines, more than 200");
        assertThat(rejected.raw()).hasSize(Sp80Format.MAX_BYTES);
    }

    @Test
    void onMessage_randomGarbageAndMutatedExports_neverThrowAndNeverLeakThePatientId() {
        Random random = new Random(20261123L);
        MessageDriver driver = driver();
        String good = new String(Sp80Format.write(EXPORT, Sp80Format.Style.UNIX), StandardCharsets.UTF_8);
        String pieces = "SP80-EXPORT;1\nDEVICETESTPATIENTSAMPLERESULTEND;FVCFEV1/PEF%L/s0123456789.,-\r\n \u00ff";
        int accepted = 0;
        for (int n = 0; n < 5_000; n++) {
            byte[] file = n % 2 == 0 ? mutate(good, pieces, random) : randomBytes(random);

            List<Outcome> outcomes = driver.onMessage(message(file));

            Outcome last = outcomes.getLast();
            if (last instanceof Outcome.Rejected r) {
                assertThat(r.detail()).doesNotContain(PATIENT).doesNotStartWith("driver error");
                assertThat(r.answer()).isEmpty();
            } else {
                accepted++;
                assertThat(outcomes).hasSize(2);
            }
        }
        assertThat(accepted).as("unmutated and harmlessly mutated exports are accepted").isBetween(50, 2_000);
    }

    private static byte[] mutate(String good, String pieces, Random random) {
        StringBuilder text = new StringBuilder(good);
        for (int mutations = random.nextInt(3); mutations > 0; mutations--) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.setCharAt(at, pieces.charAt(random.nextInt(pieces.length())));
                case 1 -> text.insert(at, pieces.charAt(random.nextInt(pieces.length())));
                default -> text.deleteCharAt(at);
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static MessageDriver driver() {
        return new Sp80Driver(DriverContext.of("spiro-1", ZoneId.of("UTC")));
    }

    private static InboundMessage message(byte[] file) {
        return new InboundMessage("SP80_T20261123-0007.csv", file, RECEIVED, Map.of());
    }

    private static Reading onlyReading(List<Outcome> outcomes) {
        assertThat(outcomes).hasSize(2).last().isInstanceOf(Outcome.Accepted.class);
        return ((Outcome.Accepted) outcomes.getLast()).readings().getFirst();
    }

    private static Outcome.Rejected onlyRejection(List<Outcome> outcomes) {
        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Rejected.class);
        return (Outcome.Rejected) outcomes.getFirst();
    }

    private static String text(Value value) {
        Value.Quantity q = (Value.Quantity) value;
        return q.value().toPlainString() + " " + q.unit();
    }
}
