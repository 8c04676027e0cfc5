package org.smartclinic.drivers.instrument.lab.el30;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.LabResult;
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

class El30DriverTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 23, 10, 15, 0);
    private static final List<String> LINES = List.of(El30Protocol.headerLine("30A1234"), El30Protocol.dateLine(TIME),
            El30Protocol.sampleLine("1234567897"), El30Protocol.patientLine("P-77"),
            El30Protocol.resultLine("Na", "141.2", "mmol/L", "136.0-145.0", ""),
            El30Protocol.resultLine("K", "5.8", "mmol/L", "3.5-5.1", "H"),
            El30Protocol.resultLine("Cl", "97.0", "mmol/L", "98.0-107.0", "L"));
    private static final byte[] GOOD = El30Protocol.report(LINES);

    @Test
    void report_protocolExample_framedWithSumOfTextAndEtx() {
        byte[] report = El30Protocol.report(List.of("A"));

        // 'A' 0x41 + CR 0x0D + LF 0x0A + ETX 0x03 = 0x5B
        assertThat(report).containsExactly(0x02, 'A', 0x0D, 0x0A, 0x03, '5', 'B', 0x0D, 0x0A);
        assertThat(El30Protocol.resultLine("K", "5.8", "mmol/L", "3.5-5.1", "H"))
                .isEqualTo("K      5.8 mmol/L (3.5-5.1) H");
        assertThat(El30Protocol.resultLine("pH", "7.41", "", "", "")).isEqualTo("pH    7.41");
        byte[] javadocExample = El30Protocol.report(List.of("EL-30 S/N 30A1234", "DATE 2026-11-23 10:15:00",
                "SAMPLE 1234567897", "Na   141.2 mmol/L (136.0-145.0)", "K      5.8 mmol/L (3.5-5.1) H",
                "Cl   101.0 mmol/L (98.0-107.0)"));
        assertThat(new String(javadocExample, StandardCharsets.US_ASCII)).endsWith("\u0003C1\r\n");
    }

    @Test
    void decode_report_readingWithSampleAndPatientValuesRangesAndInterpretations() {
        List<Outcome> outcomes = driver(ZoneId.of("UTC")).decode(GOOD, 0, GOOD.length, RECEIVED);

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.getFirst()).isEqualTo(new Outcome.IdentityReport(
                new DeviceIdentity("EL-30", "30A1234", null)));
        Outcome.Accepted accepted = (Outcome.Accepted) outcomes.get(1);
        assertThat(accepted.ack()).containsExactly(El30Protocol.ACK);
        assertThat(accepted.nak()).containsExactly(El30Protocol.NAK);
        assertThat(accepted.raw()).isEqualTo(GOOD);
        Reading reading = accepted.readings().getFirst();
        assertThat(reading.key()).isEqualTo("20261123101500#1234567897#30A1234").doesNotContain("P-77");
        assertThat(reading.sampleId()).isEqualTo("1234567897");
        assertThat(reading.devicePatientId()).isEqualTo("P-77");
        assertThat(reading.deviceTime()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
        assertThat(reading.measurements()).extracting(Measurement::value).containsExactly(
                new Value.Quantity(new BigDecimal("141.2"), "mmol/L"),
                new Value.Quantity(new BigDecimal("5.8"), "mmol/L"),
                new Value.Quantity(new BigDecimal("97.0"), "mmol/L"));
        Measurement k = reading.measurements().get(1);
        assertThat(k.deviceCode()).isEqualTo(Code.deviceCode("el30", "K", "Potassium"));
        assertThat(k.codes()).containsExactly(new Code(Code.LOINC, "2823-3",
                "Potassium [Moles/volume] in Serum or Plasma"));
        assertThat(k.lab()).isEqualTo(new LabResult(new LabResult.Range(new BigDecimal("3.5"), new BigDecimal("5.1"),
                "mmol/L", "3.5-5.1"), List.of("H"), List.of(new Code(LabResult.INTERPRETATION_SYSTEM, "H", "High")),
                LabResult.Status.FINAL, null));
        assertThat(reading.measurements().get(2).lab().interpretations()).extracting(Code::code).containsExactly("L");
        assertThat(reading.measurements().get(0).lab().interpretations()).extracting(Code::display)
                .containsExactly("Normal");
    }

    @ParameterizedTest
    @CsvSource({
        "UTC,              2026-11-23T10:15:00, 2026-11-23T10:15:00Z",
        "Europe/Berlin,    2026-11-23T10:15:00, 2026-11-23T09:15:00Z",
        "America/New_York, 2026-07-01T10:15:00, 2026-07-01T14:15:00Z"
    })
    void decode_deviceTimeInDeviceZone_convertedToInstant(String zone, LocalDateTime local, Instant expected) {
        byte[] report = El30Protocol.report(List.of(El30Protocol.headerLine("S1"), El30Protocol.dateLine(local),
                El30Protocol.resultLine("Na", "140", "mmol/L", "", "")));

        List<Outcome> outcomes = driver(ZoneId.of(zone)).decode(report, 0, report.length, RECEIVED);

        assertThat(((Outcome.Accepted) outcomes.getLast()).readings().getFirst().deviceTime()).isEqualTo(expected);
    }

    @Test
    void decode_resentAfterLostAckOrOnOtherPatient_sameKeyWhateverThePatientLine() {
        List<String> otherPatient = new ArrayList<>(LINES);
        otherPatient.set(3, El30Protocol.patientLine("P-99"));
        StreamDriver driver = driver(ZoneId.of("UTC"));

        String first = key(driver, GOOD);
        String again = key(driver, GOOD);
        String edited = key(driver, El30Protocol.report(otherPatient));

        assertThat(again).isEqualTo(first);
        assertThat(edited).as("patient data is never part of the key").isEqualTo(first);
    }

    @Test
    void decode_flippedBitAnywhereInText_nakedThenTheResendDecodes() {
        StreamDriver driver = driver(ZoneId.of("UTC"));
        for (int at = 1; at < GOOD.length - 4; at++) {
            byte[] damaged = GOOD.clone();
            damaged[at] ^= 0x10;

            List<Outcome> outcomes = new ArrayList<>(driver.decode(damaged, 0, damaged.length, RECEIVED));
            outcomes.addAll(driver.decode(GOOD, 0, GOOD.length, RECEIVED));

            assertThat(outcomes).as("flip at %d", at).filteredOn(Outcome.Rejected.class::isInstance)
                    .isNotEmpty().allSatisfy(o -> assertThat(((Outcome.Rejected) o).answer())
                            .containsExactly(El30Protocol.NAK));
            assertThat(outcomes.getLast()).isInstanceOf(Outcome.Accepted.class);
        }
    }

    @Test
    void reset_midReport_forgetsPartialReportAndSerial() {
        StreamDriver driver = driver(ZoneId.of("UTC"));
        assertThat(driver.decode(GOOD, 0, GOOD.length, RECEIVED)).hasSize(2);
        assertThat(driver.decode(GOOD, 0, 30, RECEIVED)).isEmpty();

        driver.reset();

        assertThat(driver.decode(GOOD, 0, GOOD.length, RECEIVED)).hasSize(2)
                .first().isInstanceOf(Outcome.IdentityReport.class);
    }

    @Test
    void decode_endlessTextWithoutEtx_oneOverlongThenBufferStaysBounded() {
        El30ReportDecoder decoder = new El30ReportDecoder(false);
        byte[] line = "Na   141.2 mmol/L (136.0-145.0)\r\n".getBytes();
        List<El30ReportDecoder.Result> results = new ArrayList<>(decoder.decode(new byte[] {El30Protocol.STX}, 0, 1));
        for (int i = 0; i < 1000; i++) {
            results.addAll(decoder.decode(line, 0, line.length));
            assertThat(decoder.buffered()).isLessThanOrEqualTo(El30Protocol.MAX_REPORT_LENGTH);
        }

        assertThat(results).singleElement().isInstanceOfSatisfying(El30ReportDecoder.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectReason.OVERLONG));
    }

    @Test
    void find_el30_serviceLoaderFindsFactoryAndDescriptor() {
        DeviceDriverFactory factory = DeviceDriverFactory.find("el30").orElseThrow();

        assertThat(factory).isInstanceOf(El30DriverFactory.class);
        DriverDescriptor d = factory.descriptor();
        assertThat(d.displayName()).isEqualTo("EL-30 electrolyte analyzer");
        assertThat(d.transports()).containsExactlyInAnyOrder(TransportKind.SERIAL, TransportKind.TCP_CLIENT,
                TransportKind.TCP_SERVER);
        assertThat(d.serialDefaults()).isEqualTo(SerialSettings.eightNoneOne(9600));
        assertThat(d.quietTime()).isEqualTo(Duration.ZERO);
        assertThat(d.options()).extracting(o -> o.name() + "=" + o.defaultValue())
                .containsExactly("accept-bare-line-ends=false");
        assertThat(factory.create(DriverContext.of("el-1", ZoneId.of("UTC")))).isInstanceOf(El30Driver.class);
    }

    @Test
    void create_unknownOptionOrNotBoolean_refused() {
        assertThatThrownBy(() -> new El30DriverFactory().create(new DriverContext("el-1", ZoneId.of("UTC"),
                Map.of("accept-lone-lf", "true")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accept-lone-lf");
        assertThatThrownBy(() -> new El30DriverFactory().create(new DriverContext("el-1", ZoneId.of("UTC"),
                Map.of("accept-bare-line-ends", "yes")))).isInstanceOf(IllegalArgumentException.class);
    }

    private static String key(StreamDriver driver, byte[] report) {
        return ((Outcome.Accepted) driver.decode(report, 0, report.length, RECEIVED).getLast()).readings().getFirst()
                .key();
    }

    private static StreamDriver driver(ZoneId zone) {
        return new El30Driver(DriverContext.of("el-1", zone), false);
    }
}
