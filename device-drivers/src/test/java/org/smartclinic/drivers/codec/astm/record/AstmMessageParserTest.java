package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.load;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.parseStrict;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Whole messages written from the standard's field layout, read strictly. */
class AstmMessageParserTest {

    private final AstmMessageParser parser = new AstmMessageParser();

    @Test
    void parse_hba1cMessage_readsEveryLevel() {
        AstmParseResult result = parser.parse(load("hba1c.astm"));

        assertThat(result.problems()).isEmpty();
        AstmMessage message = result.accepted().orElseThrow();
        AstmHeader header = message.header();
        assertThat(header.delimiters()).isEqualTo(AstmDelimiters.STANDARD);
        assertThat(header.messageControlId()).isEqualTo("MSG0001");
        assertThat(List.of(header.senderManufacturer(), header.senderModel(), header.senderVersion(),
                header.senderSerial())).containsExactly("ACME", "A1C-10", "2.1.0", "SN4711");
        assertThat(header.processingId()).isEqualTo("P");
        assertThat(header.version()).isEqualTo("LIS2-A2");
        assertThat(header.messageTime()).contains(LocalDateTime.of(2024, 6, 11, 8, 30, 0));

        AstmPatient patient = message.patients().get(0);
        assertThat(patient.sequence()).hasValue(1);
        assertThat(patient.practicePatientId()).isEqualTo("PRAC-0042");
        assertThat(patient.laboratoryPatientId()).isEqualTo("LAB-0042");
        assertThat(patient.patientId3()).isEqualTo("NAT-0042");
        assertThat(patient.name().repeats()).containsExactly(List.of("Doe", "Jane", "Q"));
        assertThat(patient.birthdate()).contains(LocalDate.of(1980, 2, 15));
        assertThat(patient.sex()).isEqualTo("F");

        AstmOrder order = patient.orders().get(0);
        assertThat(order.specimenId()).isEqualTo("S24-0001");
        assertThat(order.instrumentSpecimenId().repeats()).containsExactly(List.of("17", "3", "1"));
        assertThat(order.testIds()).containsExactly(AstmTestId.ofLocalCode("HBA1C"));
        assertThat(order.priority()).isEqualTo("R");
        assertThat(order.requestedTime()).contains(LocalDateTime.of(2024, 6, 11, 8, 0, 0));
        assertThat(order.collectionTime()).contains(LocalDateTime.of(2024, 6, 11, 7, 55, 0));
        assertThat(order.actionCode()).isEqualTo("N");
        assertThat(order.specimenDescriptor().component(1)).isEqualTo("WB");
        assertThat(order.specimenDescriptor().component(2)).isEqualTo("BLOOD");
        assertThat(order.reportType()).contains(AstmReportType.FINAL);

        AstmResult result1 = order.results().get(0);
        assertThat(result1.testCode()).isEqualTo("HBA1C");
        assertThat(result1.testId().name()).isEmpty();
        assertThat(result1.testId().component(5)).isEqualTo("HbA1c (NGSP)");
        assertThat(result1.value()).isEqualTo("6.8");
        assertThat(result1.units()).isEqualTo("%");
        assertThat(result1.referenceRange()).contains(new AstmReferenceRange("4.0 to 6.0",
                AstmReferenceRange.Kind.INTERVAL, new BigDecimal("4.0"), new BigDecimal("6.0"), true));
        assertThat(result1.abnormalFlags()).containsExactly(AstmAbnormalFlag.HIGH);
        assertThat(result1.abnormalityNature()).isEqualTo("N");
        assertThat(result1.status()).contains(AstmResultStatus.FINAL);
        assertThat(result1.operator()).isEqualTo("op1");
        assertThat(result1.startedTime()).contains(LocalDateTime.of(2024, 6, 11, 8, 25, 0));
        assertThat(result1.completedTime()).contains(LocalDateTime.of(2024, 6, 11, 8, 30, 0));
        assertThat(result1.instrument().component(2)).isEqualTo("SN4711");
        assertThat(result1.comments()).singleElement().satisfies(c -> {
            assertThat(c.source()).isEqualTo("I");
            assertThat(c.text()).isEqualTo("Calibration lot 2024-05");
            assertThat(c.type()).isEqualTo("G");
        });
        assertThat(message.terminator().orElseThrow().terminationCode()).contains(AstmTerminationCode.NORMAL);
        assertThat(message.unexpected()).isEmpty();
    }

    @Test
    void parse_cbcMessage_twentyOneResultsWithFlagsInOrder() {
        AstmMessage message = parseStrict(load("cbc.astm"));

        List<AstmResult> results = message.results();
        assertThat(results).hasSize(21);
        assertThat(results).extracting(AstmResult::testCode).startsWith("WBC", "RBC", "HGB", "HCT", "MCV")
                .endsWith("BASO#", "WBC_ALARM");
        assertThat(results).extracting(r -> r.sequence().getAsInt())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 21).boxed().toList());
        assertThat(results.get(0).abnormalFlagCodes()).containsExactly("H");
        assertThat(results.get(1).abnormalFlags()).containsExactly(AstmAbnormalFlag.LOW);
        assertThat(results.get(9).abnormalFlags()).containsExactly(AstmAbnormalFlag.NORMAL);
        assertThat(results.get(16).abnormalFlagCodes()).isEmpty();
        assertThat(results.get(20).value()).isEqualTo("Leukocytosis");
        assertThat(results.get(20).abnormalFlags()).containsExactly(AstmAbnormalFlag.ABNORMAL);
        assertThat(results.get(7).referenceRange().orElseThrow())
                .extracting(AstmReferenceRange::low, AstmReferenceRange::high)
                .containsExactly(new BigDecimal("150"), new BigDecimal("400"));
        assertThat(message.patients().get(0).orders().get(0).instrumentSpecimenId().component(5)).isEqualTo("5");
    }

    @Test
    void parse_chemistryMessage_patientsOrdersResultsAndCommentsAtEachLevel() {
        AstmMessage message = parseStrict(load("chemistry.astm"));

        assertThat(message.comments()).extracting(AstmComment::text).containsExactly("Shift B");
        assertThat(message.patients()).hasSize(2);
        AstmPatient first = message.patients().get(0);
        assertThat(first.comments()).extracting(AstmComment::text).containsExactly("Fasting");
        assertThat(first.orders()).extracting(AstmOrder::specimenId).containsExactly("S24-0201", "S24-0202");
        assertThat(first.orders().get(0).testIds()).extracting(AstmTestId::localCode)
                .containsExactly("GLU", "CREA", "K", "NA");
        assertThat(first.orders().get(0).results()).extracting(AstmResult::testCode, AstmResult::value)
                .containsExactly(tuple("GLU", "7.9"),
                        tuple("CREA", "88"),
                        tuple("K", "6.9"),
                        tuple("NA", "141"));
        AstmResult potassium = first.orders().get(0).results().get(2);
        assertThat(potassium.abnormalFlags()).containsExactly(AstmAbnormalFlag.CRITICAL_HIGH);
        assertThat(potassium.comments()).singleElement()
                .satisfies(c -> assertThat(c.textField().repeats()).containsExactly(List.of("Hemolysis", "slight")));
        assertThat(potassium.extras()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo('M');
            assertThat(m.field(3).repeats()).containsExactly(List.of("ABS", "0.2341", "0.2339"));
        });
        assertThat(first.orders().get(0).results().get(3).status()).contains(AstmResultStatus.CORRECTION);
        AstmResult alt = first.orders().get(1).results().get(0);
        assertThat(alt.value()).isEqualTo(">500");
        assertThat(alt.abnormalFlags()).containsExactly(AstmAbnormalFlag.ABOVE_SCALE);
        assertThat(alt.referenceRange().orElseThrow().kind()).isEqualTo(AstmReferenceRange.Kind.BELOW);
        AstmResult ast = first.orders().get(1).results().get(1);
        assertThat(ast.value()).isEmpty();
        assertThat(ast.status()).contains(AstmResultStatus.CANNOT_BE_DONE);
        AstmPatient second = message.patients().get(1);
        assertThat(second.orders()).singleElement().satisfies(o -> {
            assertThat(o.reportType()).contains(AstmReportType.PRELIMINARY);
            assertThat(o.results()).singleElement().satisfies(r -> {
                assertThat(r.abnormalFlags()).containsExactly(AstmAbnormalFlag.CRITICAL_LOW);
                assertThat(r.status()).contains(AstmResultStatus.PRELIMINARY);
            });
        });
    }

    @Test
    void parse_urineStrip_ordinalValuesStayText() {
        AstmMessage message = parseStrict(load("urine.astm"));

        assertThat(message.results()).extracting(AstmResult::testCode, AstmResult::value).containsExactly(
                tuple("GLU", "neg"), tuple("PRO", "+"),
                tuple("BLD", "++"), tuple("LEU", "trace"),
                tuple("NIT", "neg"), tuple("KET", "neg"),
                tuple("UBG", "norm"), tuple("BIL", "neg"),
                tuple("SG", "1.020"), tuple("PH", "6.0"),
                tuple("COL", "yellow"),
                tuple("CLA", "clear"));
        assertThat(message.results().get(0).referenceRange().orElseThrow().kind())
                .isEqualTo(AstmReferenceRange.Kind.TEXT);
        assertThat(message.results().get(8).referenceRange().orElseThrow().low()).isEqualTo(new BigDecimal("1.005"));
        assertThat(message.results().get(10).referenceRange()).isEmpty();
    }

    @Test
    void parse_hostQuery_readsSpecimensPatientsTestsAndStatus() {
        AstmMessage message = parseStrict(load("query.astm"));

        assertThat(message.patients()).isEmpty();
        AstmQuery query = message.queries().get(0);
        assertThat(query.sequence()).hasValue(1);
        assertThat(query.specimenIds()).containsExactly("S24-0401", "S24-0402");
        assertThat(query.patientIds()).containsExactly("PRAC-0402");
        assertThat(query.startingRange().repeats()).hasSize(2);
        assertThat(query.endingRange().isEmpty()).isTrue();
        assertThat(query.testIds()).extracting(AstmTestId::localCode).containsExactly("ALL");
        assertThat(query.statusCode()).isEqualTo("O");
    }

    @Test
    void parse_anyField_reachableRawByNumberRepeatAndComponent() {
        AstmMessage message = parseStrict(load("chemistry.astm"));
        AstmRecord order = message.patients().get(0).orders().get(0).record();

        assertThat(order.type()).isEqualTo('O');
        assertThat(order.field(1).value()).isEqualTo("O");
        assertThat(order.field(5).repeats()).hasSize(4);
        assertThat(order.field(5).component(2, 4)).isEqualTo("K");
        assertThat(order.field(5).componentOfEachRepeat(4)).containsExactly("GLU", "CREA", "K", "NA");
        assertThat(order.field(26).value()).isEqualTo("F");
        assertThat(order.fieldCount()).isEqualTo(26);
        assertThat(order.field(27)).isEqualTo(AstmField.EMPTY);
        assertThat(order.field(99).component(7)).isEmpty();
    }

    @Test
    void parse_recordsWithoutFinalCr_sameMessage() {
        String text = load("hba1c.astm");

        assertThat(parser.parse(text.substring(0, text.length() - 1))).isEqualTo(parser.parse(text));
    }

    @Test
    void parse_sameTextTwice_equalResults() {
        assertThat(parser.parse(load("cbc.astm"))).isEqualTo(parser.parse(load("cbc.astm")));
    }
}
