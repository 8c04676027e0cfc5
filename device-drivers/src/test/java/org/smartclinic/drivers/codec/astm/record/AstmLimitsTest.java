package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.accepted;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.around;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.codes;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.record.AstmProblem.Code;

/** Every limit: at its maximum the message is read, one past it the message is refused with a fatal problem. */
class AstmLimitsTest {

    private static final AstmLimits SMALL = new AstmLimits(6, 8, 3, 4, 10, 100);

    @Test
    void defaults_asDocumented() {
        assertThat(AstmLimits.DEFAULT).isEqualTo(new AstmLimits(10_000, 100, 1_000, 1_000, 65_536, 100));
    }

    @Test
    void records_atMaxRead_onePastRefused() {
        assertThat(parseSmall(around("P|1", "P|2", "P|3", "P|4")).accepted()).isPresent();

        AstmParseResult past = parseSmall(around("P|1", "P|2", "P|3", "P|4", "P|5"));
        assertThat(past.problems()).singleElement().isEqualTo(new AstmProblem(7, Code.TOO_MANY_RECORDS, true,
                "more than 6 records"));
    }

    @Test
    void fields_atMaxRead_onePastRefused() {
        assertThat(accepted(parseSmall(around("M|1|3|4|5|6|7|8"))).extras().get(0).fieldCount()).isEqualTo(8);

        assertThat(parseSmall(around("M|1|3|4|5|6|7|8|9")).problems()).singleElement().isEqualTo(
                new AstmProblem(2, Code.TOO_MANY_FIELDS, true, "M record has more than 8 fields"));
    }

    @Test
    void repeats_atMaxRead_onePastRefused() {
        assertThat(accepted(parseSmall(around("M|1|a\\b\\c"))).extras().get(0).field(3).repeats()).hasSize(3);

        assertThat(parseSmall(around("M|1|a\\b\\c\\d")).problems()).singleElement().isEqualTo(
                new AstmProblem(2, Code.TOO_MANY_REPEATS, true, "M.3 has more than 3 repeats"));
    }

    @Test
    void components_atMaxRead_onePastRefused() {
        assertThat(accepted(parseSmall(around("M|1|a^b^c^d"))).extras().get(0).field(3).repeats().get(0))
                .hasSize(4);

        assertThat(parseSmall(around("M|1|x\\a^b^c^d^e")).problems()).singleElement().isEqualTo(
                new AstmProblem(2, Code.TOO_MANY_COMPONENTS, true, "M.3 has a repeat of more than 4 components"));
    }

    @Test
    void valueLength_atMaxRead_onePastRefused_escapesCountAsSent() {
        assertThat(accepted(parseSmall(around("M|1|0123456789"))).extras().get(0).value(3)).hasSize(10);

        assertThat(parseSmall(around("M|1|a^0123456789A")).problems()).singleElement().isEqualTo(
                new AstmProblem(2, Code.VALUE_TOO_LONG, true, "M.3 has a value of 11 characters, more than 10"));
        assertThat(codes(parseSmall(around("M|1|&F&&F&&F&&F&")))).containsExactly(Code.VALUE_TOO_LONG);
    }

    @Test
    void headerCounts_likeAnyRecord() {
        assertThat(parseSmall("H|\\^&|3|4|5|6|7|8\rL|1|N\r").accepted()).isPresent();
        assertThat(codes(parseSmall("H|\\^&|3|4|5|6|7|8|9\rL|1|N\r"))).containsExactly(Code.TOO_MANY_FIELDS);
    }

    @Test
    void defaultLimits_tenThousandRecordsRead_oneMoreRefused() {
        List<String> records = new ArrayList<>();
        for (int i = 1; i <= 9_998; i++) {
            records.add("M|" + i);
        }
        AstmMessageParser parser = new AstmMessageParser();

        assertThat(accepted(parser.parse(around(records.toArray(String[]::new)))).extras()).hasSize(9_998);
        records.add("M|9999");
        assertThat(codes(parser.parse(around(records.toArray(String[]::new))))).containsExactly(Code.TOO_MANY_RECORDS);
    }

    @Test
    void defaultLimits_hugeValueFieldsRepeatsComponents_refusedNotCrashed() {
        AstmMessageParser parser = new AstmMessageParser();

        assertThat(codes(parser.parse(around("M|1|" + "x".repeat(65_536))))).isEmpty();
        assertThat(codes(parser.parse(around("M|1|" + "x".repeat(65_537))))).containsExactly(Code.VALUE_TOO_LONG);
        assertThat(codes(parser.parse(around("M|1" + "|".repeat(98))))).isEmpty();
        assertThat(codes(parser.parse(around("M|1" + "|".repeat(99))))).containsExactly(Code.TOO_MANY_FIELDS);
        assertThat(codes(parser.parse(around("M|1|" + "\\".repeat(999))))).isEmpty();
        assertThat(codes(parser.parse(around("M|1|" + "\\".repeat(1_000))))).containsExactly(Code.TOO_MANY_REPEATS);
        assertThat(codes(parser.parse(around("M|1|" + "^".repeat(999))))).isEmpty();
        assertThat(codes(parser.parse(around("M|1|" + "^".repeat(1_000)))))
                .containsExactly(Code.TOO_MANY_COMPONENTS);
    }

    @Test
    void adversarialMegabyte_readInBoundedTime() {
        AstmMessageParser lenient = new AstmMessageParser(AstmParseOptions.lenient());
        List<String> inputs = List.of(
                "H|\\^&\r" + "\r".repeat(1_000_000),
                "H|\\^&\r" + "x\r".repeat(300_000),
                "H|\\^&|" + "&".repeat(1_000_000),
                "H|\\^&\rC|1|I|" + "&Z&".repeat(20_000) + "\r" + "M|1\r".repeat(9_000),
                "H|\\^&\r" + "R|1|^^^A|1\r".repeat(50_000));

        for (String input : inputs) {
            long start = System.nanoTime();
            AstmParseResult result = lenient.parse(input);
            assertThat(System.nanoTime() - start).as("%s...", input.substring(0, 8)).isLessThan(3_000_000_000L);
            assertThat(result.problems()).hasSizeLessThanOrEqualTo(AstmLimits.DEFAULT.maxProblems() + 1);
        }
    }

    @Test
    void limits_notPositive_refusedAsCallerBug() {
        assertThatThrownBy(() -> new AstmLimits(0, 100, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AstmLimits(1, 1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AstmLimits(1, 2, 1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static AstmParseResult parseSmall(String text) {
        return new AstmMessageParser(AstmParseOptions.STRICT.withLimits(SMALL)).parse(text);
    }
}
