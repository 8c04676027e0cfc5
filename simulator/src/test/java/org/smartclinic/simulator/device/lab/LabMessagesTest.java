package org.smartclinic.simulator.device.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartclinic.drivers.codec.astm.link.AstmFrame;
import org.smartclinic.drivers.codec.astm.record.AstmMessage;
import org.smartclinic.drivers.codec.astm.record.AstmMessageParser;
import org.smartclinic.drivers.codec.astm.record.AstmOrder;
import org.smartclinic.drivers.codec.astm.record.AstmParseResult;
import org.smartclinic.drivers.codec.astm.record.AstmProblem;
import org.smartclinic.drivers.codec.astm.record.AstmQuery;
import org.smartclinic.drivers.codec.astm.record.AstmResult;

/** Every model's messages parse back (strictly) into the codes, units, ranges and flags of the catalogue. */
class LabMessagesTest {

    private static final String SAMPLE = "1234567897";
    private static final String SAMPLE_2 = "2000000006";
    private static final LocalDateTime TIME = LocalDateTime.of(2026, 12, 3, 10, 15, 0);

    @Test
    void lp100Query_exactlyTheCataloguesQRecordInAMessageOfItsOwn() {
        List<String> query = new Lp100Messages("2.4.1", "LP1-1", Lp100Messages.Cartridge.A1C).query(SAMPLE, TIME);

        assertThat(query).containsExactly("H|\\^&|||LP-100^2.4.1^LP1-1|||||||P|LIS2-A2|20261203101500",
                "Q|1|^1234567897||^^^ALL||||||||O", "L|1|N");
        AstmQuery q = parse(query).queries().get(0);
        assertThat(q.specimenIds()).containsExactly(SAMPLE);
        assertThat(q.testIds()).extracting(t -> t.localCode()).containsExactly("ALL");
        assertThat(q.statusCode()).isEqualTo("O");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A1C", "LIPID", "CRP", "ACR"})
    void lp100Cartridge_parsesBackWithTheCataloguesCodesUnitsRangesAndFlags(String name) {
        Lp100Messages.Cartridge cartridge = Lp100Messages.Cartridge.valueOf(name);
        for (int seed = 0; seed < 30; seed++) {
            AstmMessage m = parse(only(new Lp100Messages("2.4.1", "LP1-1", cartridge)
                    .results(List.of(new LabSpecimen(SAMPLE, "PID-7", "Doe^Jane")), new Random(seed), TIME)));

            assertThat(m.header().sender().value()).isEqualTo("LP-100");
            assertThat(m.header().sender().component(2)).isEqualTo("2.4.1");
            assertThat(m.header().sender().component(3)).isEqualTo("LP1-1");
            assertThat(m.patients().get(0).practicePatientId()).isEqualTo("PID-7");
            AstmOrder o = m.patients().get(0).orders().get(0);
            assertThat(o.specimenId()).isEqualTo(SAMPLE);
            assertThat(o.specimenDescriptor().value()).isIn("Blood", "Serum", "Urine");
            assertThat(m.results()).extracting(r -> r.testCode() + " " + r.units()).containsExactlyElementsOf(
                    switch (cartridge) {
                        case A1C -> List.of("HBA1C %", "HBA1C_IFCC mmol/mol");
                        case LIPID -> List.of("CHOL mmol/L", "HDL mmol/L", "TRIG mmol/L", "LDL mmol/L", "TC/HDL ");
                        case CRP -> List.of("CRP mg/L");
                        case ACR -> List.of("UALB mg/L", "UCREA mmol/L", "ACR mg/mmol");
                    });
            assertThat(m.results()).allSatisfy(r -> {
                assertThat(r.referenceRangeText()).matches("[\\d.]+-[\\d.]+|<[\\d.]+|>[\\d.]+");
                assertThat(r.abnormalFlagCodes()).singleElement().isIn("L", "H", "N", "<", ">");
                assertThat(r.value()).matches("<?\\d+(\\.\\d+)?");
            });
        }
    }

    @Test
    void lp100Lipid_ldlIsFriedewaldAndRatioIsCholOverHdl() {
        AstmMessage m = parse(only(new Lp100Messages("1", "S", Lp100Messages.Cartridge.LIPID)
                .results(List.of(LabSpecimen.of(SAMPLE)), new Random(3), TIME)));
        List<Double> v = m.results().stream().map(r -> Double.parseDouble(r.value())).toList();

        assertThat(v.get(3)).isCloseTo(Math.max(0.1, v.get(0) - v.get(1) - v.get(2) / 2.2),
                offset(0.02));
        assertThat(v.get(4)).isCloseTo(v.get(0) / v.get(1), offset(0.06));
    }

    @Test
    void hx3_twentyParametersInOrderWithUnits_andTheScattergramRemarkAfterWbc() {
        AstmMessage m = parse(only(new Hx3Messages("5.02", "HX3-1", true)
                .results(List.of(LabSpecimen.of(SAMPLE)), new Random(11), TIME)));

        assertThat(m.patients().get(0).orders().get(0).testIds().get(0).localCode()).isEqualTo("CBC");
        assertThat(m.results()).extracting(AstmResult::testCode).containsExactly("WBC", "LYM#", "MID#", "GRA#",
                "LYM%", "MID%", "GRA%", "RBC", "HGB", "HCT", "MCV", "MCH", "MCHC", "RDW-CV", "RDW-SD", "PLT", "MPV",
                "PDW", "PCT", "P-LCR");
        assertThat(m.results()).extracting(AstmResult::units).containsExactly("10^3/uL", "10^3/uL", "10^3/uL",
                "10^3/uL", "%", "%", "%", "10^6/uL", "g/dL", "%", "fL", "pg", "g/dL", "%", "fL", "10^3/uL", "fL",
                "fL", "%", "%");
        AstmResult wbc = m.results().get(0);
        assertThat(wbc.comments()).singleElement().satisfies(c -> {
            assertThat(c.text()).isEqualTo("WBC abnormal scattergram");
            assertThat(c.source()).isEqualTo("I");
        });
        assertThat(wbc.abnormalFlagCodes()).singleElement().isIn("A", "L", "H", "LL", "HH");
        assertThat(m.results()).allSatisfy(r -> assertThat(r.abnormalFlagCodes()).singleElement()
                .isIn("L", "H", "LL", "HH", "A", "N"));
    }

    @Test
    void ch200_severalPatientsOrdersAndResults_testCodeAndDilution_everyRecordPast240() {
        Ch200Messages ch200 = new Ch200Messages("3.1.0", "CH2-1");
        List<String> records = only(ch200.results(List.of(LabSpecimen.of(SAMPLE), LabSpecimen.of(SAMPLE_2)),
                new Random(5), TIME));
        AstmMessage m = parse(records, AstmProblem.Code.EXTRA_FIELDS);

        assertThat(m.patients()).hasSize(2);
        assertThat(m.patients()).allSatisfy(p -> assertThat(p.orders()).hasSize(3));
        assertThat(m.patients().get(1).orders().get(0).specimenId()).isEqualTo(SAMPLE_2);
        assertThat(m.results()).hasSize(28).extracting(AstmResult::testCode).containsSubsequence("ALT", "AST",
                "ALP", "GGT", "TBIL", "TP", "ALB", "GLU", "UREA", "CREA", "UA", "CHOL", "TRIG", "CRP");
        assertThat(m.results()).allSatisfy(r -> {
            assertThat(r.testId().component(5)).isEqualTo("1");
            assertThat(r.record().value(14)).startsWith("REAGENT ");
            assertThat(r.record().value(16)).startsWith("QC L1 ");
        });
        assertThat(records.stream().filter(r -> r.startsWith("R|"))).allSatisfy(r -> assertThat(r).hasSizeGreaterThan(240));
        assertThat(AstmFrame.split(records)).anySatisfy(f -> assertThat(f.last()).isFalse());
        assertThat(m.results().stream().filter(r -> r.testCode().equals("GLU"))).allSatisfy(r ->
                assertThat(r.units()).isEqualTo("mmol/L"));
    }

    @Test
    void us10_valuesRightAlignedInSixAndFlagAOnAbnormal() {
        for (int seed = 0; seed < 20; seed++) {
            AstmMessage m = parse(only(new Us10Messages("1.07", "US-1")
                    .results(List.of(LabSpecimen.of(SAMPLE)), new Random(seed), TIME)));

            assertThat(m.results()).extracting(AstmResult::testCode).containsExactly("GLU", "BIL", "KET", "BLD",
                    "PRO", "NIT", "LEU", "URO", "SG", "PH", "COL", "CLA");
            assertThat(m.results()).allSatisfy(r -> {
                assertThat(r.value()).hasSize(6).matches(" *\\S+");
                assertThat(r.abnormalFlagCodes()).isSubsetOf("A");
            });
            assertThat(m.results().subList(0, 7)).allSatisfy(r -> assertThat(r.value().strip())
                    .isIn("neg", "trace", "+", "++", "+++"));
            assertThat(m.results().get(7).value().strip()).isIn("norm", "+", "++", "+++");
            assertThat(m.results().get(0).value().strip().equals("neg"))
                    .isEqualTo(m.results().get(0).abnormalFlagCodes().isEmpty());
            assertThat(Double.parseDouble(m.results().get(8).value().strip())).isBetween(1.005, 1.030);
            assertThat(Double.parseDouble(m.results().get(9).value().strip())).isBetween(5.0, 9.0);
        }
    }

    @Test
    void isSampleId_tenDigitsWithLuhnCheckDigit() {
        assertThat(LabSpecimen.isSampleId("1234567897")).isTrue();
        assertThat(LabSpecimen.isSampleId("2000000006")).isTrue();
        assertThat(LabSpecimen.isSampleId("1234567890")).isFalse();
        assertThat(LabSpecimen.isSampleId("123456789")).isFalse();
        assertThat(LabSpecimen.isSampleId("12345678a7")).isFalse();
    }

    @Test
    void analyteFlags_limitsAsTheRangeTextReads() {
        Analyte crp = Analyte.below("CRP", "mg/L", 5.0, 0, 1, 1);
        Analyte hdl = Analyte.above("HDL", "mmol/L", 1.0, 0, 1, 2);
        Analyte glu = Analyte.between("GLU", "mmol/L", 3.9, 6.1, 0, 1, 1);

        assertThat(List.of(crp.rangeText(), hdl.rangeText(), glu.rangeText())).containsExactly("<5.0", ">1.00",
                "3.9-6.1");
        assertThat(List.of(crp.flag(4.94), crp.flag(4.96), hdl.flag(1.0), hdl.flag(1.01))).containsExactly("N", "H",
                "L", "N");
        assertThat(List.of(glu.flag(3.84), glu.flag(6.1), glu.flag(6.16), glu.criticalFlag(13))).containsExactly(
                "L", "N", "H", "HH");
    }

    private static List<String> only(List<List<String>> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** The message, parsed strictly, with no problems but those {@code expected} (the CH-200's R-15, R-16). */
    private static AstmMessage parse(List<String> records, AstmProblem.Code... expected) {
        AstmParseResult result = new AstmMessageParser().parse(String.join("\r", records) + "\r");
        assertThat(result).as("parse of %s", records).isInstanceOf(AstmParseResult.Accepted.class);
        assertThat(((AstmParseResult.Accepted) result).problems()).as("problems")
                .allSatisfy(p -> assertThat(p.code()).isIn((Object[]) expected));
        return ((AstmParseResult.Accepted) result).message();
    }
}
