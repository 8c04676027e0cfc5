package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.accepted;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.around;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.codes;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.load;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.records;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.record.AstmProblem.Code;

/** Structured problems: fatal ones refuse the message as a value; others come with it; none carries a value. */
class AstmProblemsTest {

    private final AstmMessageParser parser = new AstmMessageParser();

    @Test
    void parse_emptyText_refusedAsEmptyMessage() {
        assertThat(parser.parse("")).isEqualTo(new AstmParseResult.Refused(
                java.util.List.of(new AstmProblem(0, Code.EMPTY_MESSAGE, true, "no record at all"))));
    }

    @Test
    void parse_firstRecordNotHeader_refusedNoHeader() {
        AstmParseResult result = parser.parse(records("P|1", "L|1|N"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(Code.NO_HEADER);
            assertThat(p.record()).isEqualTo(1);
            assertThat(p.fatal()).isTrue();
        });
    }

    @Test
    void parse_badDelimiterDefinitions_refusedBadDelimiters() {
        for (String header : new String[] {"H", "H|", "H|\\^", "H|\\^|", "H||^&", "H|\\^&x|", "H|\\\\&"}) {
            AstmParseResult result = parser.parse(records(header, "L|1|N"));

            assertThat(codes(result)).as(header).containsExactly(Code.BAD_DELIMITERS);
            assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        }
    }

    @Test
    void parse_unknownRecordType_refusedWithItsRecordNumber() {
        AstmParseResult result = parser.parse(around("P|1", "X|1|secret", "O|1|S1||^^^A"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(Code.UNKNOWN_RECORD_TYPE);
            assertThat(p.record()).isEqualTo(3);
            assertThat(p.detail()).isEqualTo("record type 'X' followed by '|'").doesNotContain("secret");
        });
    }

    @Test
    void parse_missingTerminator_refused() {
        AstmParseResult result = parser.parse(records("H|\\^&", "P|1"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(Code.MISSING_TERMINATOR);
            assertThat(p.record()).isZero();
            assertThat(p.fatal()).isTrue();
        });
    }

    @Test
    void parse_resultWithoutOrder_keptRawAsOutOfOrder() {
        AstmParseResult result = parser.parse(around("P|1", "R|1|^^^GLU|5.0", "O|1|S1||^^^GLU", "R|1|^^^GLU|5.1"));

        AstmMessage message = accepted(result);
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(Code.OUT_OF_ORDER);
            assertThat(p.record()).isEqualTo(3);
            assertThat(p.fatal()).isFalse();
        });
        assertThat(message.unexpected()).singleElement().satisfies(r -> assertThat(r.value(4)).isEqualTo("5.0"));
        assertThat(message.results()).extracting(AstmResult::value).containsExactly("5.1");
    }

    @Test
    void parse_orderWithoutPatientAndSecondHeader_keptRaw() {
        AstmParseResult result = parser.parse(around("O|1|S1||^^^A", "H|\\^&", "C|1|I|x|G"));

        AstmMessage message = accepted(result);
        assertThat(codes(result)).containsExactly(Code.OUT_OF_ORDER, Code.OUT_OF_ORDER);
        assertThat(message.unexpected()).extracting(AstmRecord::type).containsExactly('O', 'H');
        assertThat(message.comments()).hasSize(1);
    }

    @Test
    void parse_recordsAfterTerminator_keptRaw() {
        AstmParseResult result = parser.parse(records("H|\\^&", "L|1|N", "P|1", "L|1|N"));

        AstmMessage message = accepted(result);
        assertThat(codes(result)).containsExactly(Code.AFTER_TERMINATOR, Code.AFTER_TERMINATOR);
        assertThat(message.unexpected()).extracting(AstmRecord::type).containsExactly('P', 'L');
        assertThat(message.patients()).isEmpty();
    }

    @Test
    void parse_commentAfterTerminatorOrMAfterNothing_reported() {
        AstmParseResult result = parser.parse(records("H|\\^&", "M|1|x", "L|1|N", "C|1|I|late|G"));

        assertThat(accepted(result).extras()).hasSize(1);
        assertThat(codes(result)).containsExactly(Code.AFTER_TERMINATOR);
    }

    @Test
    void parse_badSequenceNumbers_reportedPerLevel() {
        AstmParseResult result = parser.parse(around("P|2", "O|1|S1||^^^A", "R|x|^^^A|1", "R||^^^B|2", "C|1|I|c|G",
                "C|3|I|c|G"));

        accepted(result);
        assertThat(result.problems()).extracting(AstmProblem::record, AstmProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, Code.BAD_SEQUENCE),
                org.assertj.core.groups.Tuple.tuple(4, Code.BAD_SEQUENCE),
                org.assertj.core.groups.Tuple.tuple(5, Code.MISSING_FIELD),
                org.assertj.core.groups.Tuple.tuple(7, Code.BAD_SEQUENCE));
        assertThat(result.problems().get(0).detail()).isEqualTo("P.2 is 2, expected 1");
    }

    @Test
    void parse_missingRequiredFields_reported() {
        AstmParseResult result = parser.parse(around("P|1", "O|1|||^^^A", "R|1||5", "Q|1"));

        accepted(result);
        assertThat(result.problems()).extracting(AstmProblem::detail).containsExactly(
                "O.3 and O.4 are both empty", "R.3 is empty", "Q.3 is empty");
    }

    @Test
    void parse_testCodeNotInConfiguredComponent_reported() {
        AstmParseResult result = parser.parse(around("P|1", "O|1|S1||GLU", "R|1|GLU|5"));

        assertThat(accepted(result).results().get(0).testCode()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(Code.MISSING_TEST_CODE);
            assertThat(p.detail()).isEqualTo("R.3 has nothing in component 4 (the configured test code position)");
        });
    }

    @Test
    void parse_badDates_reportedAndTypedAccessorEmpty() {
        AstmParseResult result = parser.parse(records("H|\\^&" + "|".repeat(12) + "2024-06-11", "P|1||||||19801332",
                "O|1|S1||^^^A||2024061108|20240611", "R|1|^^^A|1||||||||nope|20240611083000", "L|1|N"));

        AstmMessage message = accepted(result);
        assertThat(result.problems()).extracting(AstmProblem::detail).containsExactly(
                "H.14 is not YYYYMMDD[HHMM[SS]]; kept as text", "P.8 is not YYYYMMDD[HHMM[SS]]; kept as text",
                "O.7 is not YYYYMMDD[HHMM[SS]]; kept as text", "R.12 is not YYYYMMDD[HHMM[SS]]; kept as text");
        assertThat(message.header().messageTime()).isEmpty();
        assertThat(message.patients().get(0).birthdate()).isEmpty();
        assertThat(message.patients().get(0).record().value(8)).isEqualTo("19801332");
        assertThat(message.patients().get(0).orders().get(0).collectionTime()).isPresent();
        assertThat(message.results().get(0).completedTime()).isPresent();
    }

    @Test
    void parse_extraFields_reportedAndKeptRaw() {
        AstmParseResult result = parser.parse(records("H|\\^&", "L|1|N|vendor"));

        assertThat(accepted(result).terminator().orElseThrow().record().value(4)).isEqualTo("vendor");
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(Code.EXTRA_FIELDS);
            assertThat(p.detail())
                    .isEqualTo("L record has 4 fields, the standard defines 3; the extra ones are kept raw");
        });
    }

    @Test
    void parse_emptyLines_skippedAndReported() {
        AstmParseResult result = parser.parse("H|\\^&\r\rL|1|N\r\r");

        accepted(result);
        assertThat(result.problems()).extracting(AstmProblem::record, AstmProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, Code.EMPTY_RECORD),
                org.assertj.core.groups.Tuple.tuple(4, Code.EMPTY_RECORD));
    }

    @Test
    void parse_fatalAndWarnings_refusalListsAllInRecordOrder() {
        AstmParseResult result = parser.parse(records("H|\\^&", "R|1|^^^A|1", "Z|1", "P|9"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(codes(result)).containsExactly(Code.OUT_OF_ORDER, Code.UNKNOWN_RECORD_TYPE, Code.BAD_SEQUENCE,
                Code.MISSING_TERMINATOR);
        assertThat(result.problems()).extracting(AstmProblem::fatal).containsExactly(false, true, false, true);
    }

    @Test
    void parse_manyProblems_listBoundedWithSummary() {
        AstmParseOptions options = AstmParseOptions.STRICT.withLimits(new AstmLimits(10_000, 100, 1_000, 1_000,
                65_536, 5));
        String[] records = new String[12];
        Arrays.fill(records, "R|1|^^^A|1");
        AstmParseResult result = new AstmMessageParser(options).parse(around(records));

        assertThat(result.problems()).hasSize(6);
        assertThat(result.problems().get(5)).isEqualTo(new AstmProblem(0, Code.TOO_MANY_PROBLEMS, false,
                "7 more problems not listed"));
        assertThat(accepted(result).unexpected()).hasSize(12);
    }

    @Test
    void parse_unlistedFatalProblem_stillRefuses() {
        AstmParseOptions options = AstmParseOptions.STRICT.withLimits(new AstmLimits(10_000, 100, 1_000, 1_000,
                65_536, 1));
        AstmParseResult result = new AstmMessageParser(options).parse(records("H|\\^&", "R|1|^^^A|1", "R|1|^^^A|1"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(result.problems()).extracting(AstmProblem::code, AstmProblem::fatal).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Code.OUT_OF_ORDER, false),
                org.assertj.core.groups.Tuple.tuple(Code.TOO_MANY_PROBLEMS, true));
    }

    @Test
    void problems_neverQuoteValues_onMessagesFullOfPatientData() {
        String text = load("hba1c.astm").replace("Doe^Jane^Q|", "Doe&Z12&^Jane&X4&^Q|").replace("19800215", "1980")
                .replace("PRAC-0042|", "PRAC-0042|LAB&|").replace("Calibration", "Cal\u0001ibration");
        AstmParseResult result = parser.parse(text + "Xsecret\r");

        assertThat(result.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.detail())
                .doesNotContain("Doe", "Jane", "1980", "PRAC", "LAB", "Cal", "secret", "Z12", "X4"));
    }

    @Test
    void problemCodes_stableLowerCase() {
        assertThat(Code.values()).allSatisfy(c -> assertThat(c.code()).isEqualTo(c.name().toLowerCase()));
    }
}
