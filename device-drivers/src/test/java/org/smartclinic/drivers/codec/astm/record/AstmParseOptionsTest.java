package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.accepted;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.around;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.codes;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.load;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.records;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.record.AstmProblem.Code;

/** Each leniency: off, the standard's reading; on, exactly the documented tolerance. */
class AstmParseOptionsTest {

    private static final AstmParseOptions STRICT = AstmParseOptions.STRICT;

    @Test
    void strict_everyLeniencyOff() {
        assertThat(STRICT).isEqualTo(new AstmParseOptions(false, false, false, false, 4, false, false,
                java.nio.charset.StandardCharsets.ISO_8859_1, AstmLimits.DEFAULT));
        assertThat(new AstmMessageParser().options()).isEqualTo(STRICT);
    }

    @Test
    void trimValues_off_paddingKept() {
        AstmResult result = accepted(parse(STRICT, padded())).results().get(0);

        assertThat(result.value()).isEqualTo(" 5.9 ");
        assertThat(result.testCode()).isEqualTo("K ");
    }

    @Test
    void trimValues_on_spacesAroundComponentsRemovedEscapedSpaceKept() {
        AstmMessage message = accepted(parse(STRICT.withTrimValues(true), padded()));

        AstmResult result = message.results().get(0);
        assertThat(result.value()).isEqualTo("5.9");
        assertThat(result.testCode()).isEqualTo("K");
        assertThat(result.units()).isEqualTo("mmol/L");
        assertThat(result.referenceRangeText()).isEqualTo(" ");
        assertThat(message.terminator().orElseThrow().terminationCode()).contains(AstmTerminationCode.NORMAL);
    }

    @Test
    void tolerateTrailingEmptyFields_off_keptAndPastStandardCountReported() {
        AstmParseResult result = parse(STRICT, records("H|\\^&|||", "P|1|||", "L|1|N||||"));

        AstmMessage message = accepted(result);
        assertThat(message.header().record().fieldCount()).isEqualTo(5);
        assertThat(message.patients().get(0).record().fieldCount()).isEqualTo(5);
        assertThat(message.terminator().orElseThrow().record().fieldCount()).isEqualTo(7);
        assertThat(codes(result)).containsExactly(Code.EXTRA_FIELDS);
    }

    @Test
    void tolerateTrailingEmptyFields_on_droppedSoPaddedEqualsUnpadded() {
        AstmParseOptions options = STRICT.withTolerateTrailingEmptyFields(true);
        AstmParseResult padded = parse(options, records("H|\\^&|||", "P|1|||", "L|1|N||||"));

        assertThat(padded.problems()).isEmpty();
        assertThat(accepted(padded)).isEqualTo(accepted(parse(options, records("H|\\^&", "P|1", "L|1|N"))));
        assertThat(accepted(padded).header().record().value(2)).isEqualTo("\\^&");
        assertThat(codes(parse(options, records("H|\\^&", "L|1|N||x|")))).containsExactly(Code.EXTRA_FIELDS);
    }

    @Test
    void acceptLineFeeds_off_crLfAndLfOnlyRefused() {
        String cr = load("hba1c.astm");

        AstmParseResult crLf = parse(STRICT, cr.replace("\r", "\r\n"));
        assertThat(crLf).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(crLf.problems()).filteredOn(AstmProblem::fatal).extracting(AstmProblem::detail)
                .contains("record type U+000A followed by 'P'");
        AstmParseResult lfOnly = parse(STRICT, cr.replace("\r", "\n"));
        assertThat(lfOnly).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(codes(lfOnly)).contains(Code.CONTROL_CHARACTER, Code.MISSING_TERMINATOR);
    }

    @Test
    void acceptLineFeeds_on_crLfAndLfOnlyReadLikeCr() {
        AstmParseOptions options = STRICT.withAcceptLineFeeds(true);
        String cr = load("hba1c.astm");
        AstmMessage expected = accepted(parse(STRICT, cr));

        for (String text : List.of(cr, cr.replace("\r", "\r\n"), cr.replace("\r", "\n"))) {
            AstmParseResult result = parse(options, text);
            assertThat(accepted(result)).isEqualTo(expected);
            assertThat(result.problems()).isEmpty();
        }
        assertThat(codes(parse(options, cr.replace("\r", "\n\r")))).containsOnly(Code.EMPTY_RECORD);
    }

    @Test
    void acceptLowerCaseTypes_off_lowerCaseIsUnknownType() {
        AstmParseResult result = parse(STRICT, lowerCased());

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(result.problems().get(0)).isEqualTo(new AstmProblem(1, Code.NO_HEADER, true,
                "first record is 'h', not a header (H)"));
        assertThat(parse(STRICT, around("p|1")).problems().get(0).detail())
                .isEqualTo("record type 'p' (lower case) followed by '|'");
    }

    @Test
    void acceptLowerCaseTypes_on_readAsUpperCaseValuesUntouched() {
        AstmParseResult result = parse(STRICT.withAcceptLowerCaseTypes(true), lowerCased());

        assertThat(accepted(result)).isEqualTo(accepted(parse(STRICT, load("hba1c.astm"))));
        assertThat(result.problems()).isEmpty();
        assertThat(accepted(parse(STRICT.withAcceptLowerCaseTypes(true), around("C|1|I|x|g"))).comments().get(0)
                .type()).isEqualTo("g");
    }

    @Test
    void testCodeComponent_default4_vendorCodeInComponent1Reported() {
        AstmParseResult result = parse(STRICT, around("P|1", "O|1|S1||GLU", "R|1|GLU^Glucose|5.1"));

        assertThat(accepted(result).results().get(0).testCode()).isEmpty();
        assertThat(codes(result)).containsExactly(Code.MISSING_TEST_CODE);
    }

    @Test
    void testCodeComponent_configured_readFromThatComponent() {
        AstmParseResult first = parse(STRICT.withTestCodeComponent(1),
                around("P|1", "O|1|S1||GLU", "R|1|GLU^Glucose|5.1"));
        assertThat(accepted(first).results().get(0).testCode()).isEqualTo("GLU");
        assertThat(first.problems()).isEmpty();

        AstmParseResult fifth = parse(STRICT.withTestCodeComponent(5),
                around("P|1", "O|1|S1||^^^^GLU", "R|1|^^^1:10^GLU|5.1"));
        assertThat(accepted(fifth).results().get(0).testCode()).isEqualTo("GLU");
        assertThat(accepted(fifth).results().get(0).testId().localCode()).isEqualTo("1:10");
    }

    @Test
    void tolerateMissingTerminator_off_refused() {
        AstmParseResult result = parse(STRICT, records("H|\\^&", "P|1"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
    }

    @Test
    void tolerateMissingTerminator_on_acceptedWithNonFatalProblem() {
        AstmParseResult result = parse(STRICT.withTolerateMissingTerminator(true), records("H|\\^&", "P|1"));

        AstmMessage message = accepted(result);
        assertThat(message.terminator()).isEmpty();
        assertThat(message.patients()).hasSize(1);
        assertThat(result.problems()).containsExactly(new AstmProblem(0, Code.MISSING_TERMINATOR, false,
                "the message has no terminator (L) record"));
    }

    @Test
    void joinSplitRecords_off_continuationIsUnknownType() {
        AstmParseResult result = parse(STRICT, split());

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(result.problems()).singleElement().extracting(AstmProblem::code, AstmProblem::detail)
                .containsExactly(Code.UNKNOWN_RECORD_TYPE, "record type '/' followed by 'L'");
    }

    @Test
    void joinSplitRecords_on_continuationAppendedToRecordBefore() {
        AstmParseResult result = parse(STRICT.withJoinSplitRecords(true), split());

        AstmMessage message = accepted(result);
        assertThat(message).isEqualTo(accepted(parse(STRICT, around("P|1", "O|1|S1||^^^K",
                "R|1|^^^K|5.4|mmol/L||H||F"))));
        assertThat(result.problems()).containsExactly(new AstmProblem(4, Code.JOINED_RECORD, false,
                "delivered record 5 (8 characters) is no record start; appended to record 4"));
    }

    @Test
    void joinSplitRecords_on_tailStartingLikeARecordIsNotSeen() {
        AstmParseResult result = parse(STRICT.withJoinSplitRecords(true),
                around("P|1", "O|1|S1||^^^K", "R|1|^^^K|5.4|mmol/L||", "H||F"));

        assertThat(codes(result)).containsExactly(Code.OUT_OF_ORDER);
        assertThat(accepted(result).unexpected()).extracting(AstmRecord::type).containsExactly('H');
    }

    @Test
    void joinSplitRecords_on_continuationAfterEmptyLineHasNothingToJoin() {
        AstmParseResult result = parse(STRICT.withJoinSplitRecords(true), around("P|1", "", "tail"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(codes(result)).containsExactly(Code.EMPTY_RECORD, Code.UNKNOWN_RECORD_TYPE);
    }

    @Test
    void joinSplitRecords_on_lineJoinedRightAfterShortHeader_refusedAsBadDelimitersNotCrash() {
        AstmParseResult result = parse(STRICT.withJoinSplitRecords(true), records("H|\\^&", "c||x", "L|1|N"));

        assertThat(result).isInstanceOf(AstmParseResult.Refused.class);
        assertThat(codes(result)).startsWith(Code.JOINED_RECORD).endsWith(Code.BAD_DELIMITERS);
    }

    @Test
    void lenient_messyMessage_readsLikeTheCleanOne() {
        String messy = load("hba1c.astm").replace("\r", " |||\r\n").replace("R|1|^^^HBA1C", "r|1| ^^^HBA1C")
                .replace("L|1|N |||\r\n", "");
        messy = messy.replace("|6.8|%|", "|6.\r\n8|%|");

        AstmParseResult result = new AstmMessageParser(AstmParseOptions.lenient()).parse(messy);

        assertThat(codes(result)).containsExactly(Code.JOINED_RECORD, Code.MISSING_TERMINATOR);
        AstmMessage clean = accepted(parse(STRICT.withTrimValues(true), load("hba1c.astm")));
        assertThat(accepted(result)).isEqualTo(new AstmMessage(clean.header(), clean.comments(), clean.extras(),
                clean.patients(), clean.queries(), java.util.Optional.empty(), clean.unexpected()));
    }

    private static AstmParseResult parse(AstmParseOptions options, String text) {
        return new AstmMessageParser(options).parse(text);
    }

    private static String padded() {
        return around("P|1", "O|1|S1||^^^K", "R|1|^^^K | 5.9 | mmol/L |&X20&|", "L|1|N   ");
    }

    /** The HbA1c message with every record type letter in lower case. */
    private static String lowerCased() {
        StringBuilder out = new StringBuilder();
        for (String record : load("hba1c.astm").split("\r")) {
            out.append(Character.toLowerCase(record.charAt(0))).append(record, 1, record.length()).append('\r');
        }
        return out.toString();
    }

    /** A result record cut in two after "mmol", as a link layer that mis-delivers frames does. */
    private static String split() {
        return around("P|1", "O|1|S1||^^^K", "R|1|^^^K|5.4|mmol", "/L||H||F");
    }
}
