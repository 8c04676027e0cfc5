package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.load;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.parseStrict;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.records;

import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Answers to a host query, from the query as the instrument sent it to the text the host sends back. */
class AstmQueryAnswersTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2024, 6, 11, 12, 0, 5);

    @Test
    void orders_forQuery_patientThenOneOrderPerSpecimenThenNormalEnd() {
        AstmMessage queryMessage = parseStrict(load("query.astm"));
        AstmQuery query = queryMessage.queries().get(0);
        AstmHeader header = answering(queryMessage);

        AstmMessage answer = AstmQueryAnswers.orders(header, query.patientIds().get(0), "", List.of(
                AstmQueryAnswers.SpecimenOrder.routine(query.specimenIds().get(0),
                        List.of(AstmTestId.ofLocalCode("GLU"), AstmTestId.ofLocalCode("K"))),
                new AstmQueryAnswers.SpecimenOrder(query.specimenIds().get(1), List.of(AstmTestId.ofLocalCode("TSH")),
                        "S")));

        assertThat(AstmMessageWriter.write(answer)).isEqualTo(records(
                "H|\\^&|||SmartClinic^Gateway^1.0^GW-01|||||ACME^CHEM-300^5.0^CH-0012||P|LIS2-A2|20240611120005",
                "P|1|PRAC-0402|",
                "O|1|S24-0401||^^^GLU\\^^^K|R||||||N||||||||||||||Q",
                "O|2|S24-0402||^^^TSH|S||||||N||||||||||||||Q",
                "L|1|N"));
        AstmParseResult back = new AstmMessageParser().parse(AstmMessageWriter.write(answer));
        assertThat(back.problems()).isEmpty();
        AstmMessage read = back.accepted().orElseThrow();
        assertThat(read).isEqualTo(answer);
        assertThat(read.patients().get(0).orders()).allSatisfy(o -> {
            assertThat(o.actionCode()).isEqualTo("N");
            assertThat(o.reportType()).contains(AstmReportType.QUERY_RESPONSE);
        });
        assertThat(read.patients().get(0).orders().get(0).testIds()).extracting(AstmTestId::localCode)
                .containsExactly("GLU", "K");
        assertThat(read.header().receiver().component(4)).isEqualTo("CH-0012");
    }

    @Test
    void noInformation_headerAndTerminatorCodeI() {
        AstmMessage answer = AstmQueryAnswers.noInformation(answering(parseStrict(load("query.astm"))));

        String text = AstmMessageWriter.write(answer);
        assertThat(text).endsWith("\rL|1|I\r");
        assertThat(AstmMessageWriter.records(answer)).hasSize(2);
        AstmMessage read = parseStrict(text);
        assertThat(read.terminator().orElseThrow().terminationCode()).contains(AstmTerminationCode.NO_INFORMATION);
        assertThat(read.patients()).isEmpty();
    }

    @Test
    void orders_peerWantingQueryProcessedCode_terminatorReplaced() {
        AstmMessage answer = AstmQueryAnswers.orders(answering(parseStrict(load("query.astm"))), "", "LAB-1",
                List.of(AstmQueryAnswers.SpecimenOrder.routine("S1", List.of(AstmTestId.ofLocalCode("A")))))
                .withTerminator(AstmTerminator.of(AstmTerminationCode.QUERY_PROCESSED));

        assertThat(AstmMessageWriter.write(answer)).contains("\rP|1||LAB-1\r").endsWith("\rL|1|F\r");
    }

    @Test
    void orders_queryWithCustomDelimiters_answeredInThem() {
        AstmMessage queryMessage = parseStrict(records("H!@#$!!!ACME#URI-8", "Q!1!#S9!!###ALL!!!!!!!!O", "L!1!N"));

        AstmMessage answer = AstmQueryAnswers.orders(answering(queryMessage), "", "", List.of(
                AstmQueryAnswers.SpecimenOrder.routine(queryMessage.queries().get(0).specimenIds().get(0),
                        List.of(AstmTestId.of("", "", "", "STRIP", "Strip#8")))));

        assertThat(AstmMessageWriter.records(answer)).containsExactly(
                "H!@#$!!!SmartClinic#Gateway#1.0#GW-01!!!!!ACME#URI-8!!P!LIS2-A2!20240611120005",
                "P!1!!",
                "O!1!S9!!###STRIP#Strip$S$8!R!!!!!!N!!!!!!!!!!!!!!Q",
                "L!1!N");
    }

    @Test
    void specimenOrder_withoutTests_refused() {
        assertThatThrownBy(() -> AstmQueryAnswers.SpecimenOrder.routine("S1", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AstmQueryAnswers.orders(answering(parseStrict(load("query.astm"))), "", "",
                List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** The gateway's header for an answer: the query's delimiters, the instrument as receiver. */
    private static AstmHeader answering(AstmMessage query) {
        return AstmHeader.of(query.delimiters(), AstmField.ofComponents("SmartClinic", "Gateway", "1.0", "GW-01"),
                query.header().sender(), "P", NOW);
    }
}
