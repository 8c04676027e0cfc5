package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.accepted;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.around;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.codes;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.record.AstmProblem.Code;

/** Escape sequences in every field of every record type, custom delimiters, and what is kept when they are bad. */
class AstmEscapesTest {

    /** Every escape, at the start, middle and end of components, in two repeats. */
    private static final String ESCAPED = "&F&a&S&b&R&c&E&d&X41&^&X0D0A&\\e&F&";
    private static final AstmField DECODED = new AstmField(List.of(List.of("|a^b\\c&dA", "\r\n"), List.of("e|")));

    /** A message with one record of each type, as lines, the target's fields open to replacement. */
    private static final String[] MESSAGE = {"H|\\^&", "C|1|I|c|G", "P|1", "O|1|S1||^^^A", "R|1|^^^A|1",
        "M|1|m", "S|1|s", "Q|1|^S1", "L|1|N"};

    private final AstmMessageParser parser = new AstmMessageParser();

    @Test
    void parse_escapesInEveryFieldOfEveryRecordType_decoded() {
        int checked = 0;
        for (int line = 0; line < MESSAGE.length; line++) {
            char type = MESSAGE[line].charAt(0);
            int count = Math.min(AstmRecordReader.standardFieldCount(type), 20);
            for (int field = type == 'H' ? 3 : 2; field <= count; field++) {
                String[] lines = MESSAGE.clone();
                lines[line] = withField(MESSAGE[line], field, ESCAPED);
                AstmParseResult result = parser.parse(records(lines));

                AstmMessage message = accepted(result);
                assertThat(codes(result)).as("%s.%d", type, field).doesNotContain(Code.UNKNOWN_ESCAPE,
                        Code.BAD_HEX_ESCAPE, Code.CONTROL_CHARACTER, Code.OUT_OF_ORDER);
                AstmRecord record = find(message, type);
                assertThat(record.field(field)).as("%s.%d", type, field).isEqualTo(DECODED);
                assertThat(AstmMessageWriter.write(record, message.delimiters())).as("%s.%d written", type, field)
                        .isEqualTo(withField(MESSAGE[line], field, ESCAPED.replace("&X41&", "A")
                                .replace("&X0D0A&", "&X0D&&X0A&")));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(12 + 4 + 19 + 19 + 13 + 19 + 19 + 12 + 2);
    }

    @Test
    void parse_customDelimiters_readFromHeaderAndUsedEverywhere() {
        String text = records("H!@#$!!!Lab$F$Sys#Ana|yzer", "P!1!!PID$S$7!!Doe#J^ne", "O!1!S1!!###GLU@###K",
                "R!1!###K!4$E$2!mmol|L", "L!1!N");
        AstmMessage message = accepted(parser.parse(text));

        assertThat(message.delimiters()).isEqualTo(new AstmDelimiters('!', '@', '#', '$'));
        assertThat(message.header().sender().repeats()).containsExactly(List.of("Lab!Sys", "Ana|yzer"));
        assertThat(message.patients().get(0).laboratoryPatientId()).isEqualTo("PID#7");
        assertThat(message.patients().get(0).name().repeats()).containsExactly(List.of("Doe", "J^ne"));
        assertThat(message.patients().get(0).orders().get(0).testIds()).extracting(AstmTestId::localCode)
                .containsExactly("GLU", "K");
        AstmResult result = message.results().get(0);
        assertThat(result.testCode()).isEqualTo("K");
        assertThat(result.value()).isEqualTo("4$2");
        assertThat(result.units()).isEqualTo("mmol|L");
        assertThat(AstmMessageWriter.write(message)).isEqualTo(text);
    }

    @Test
    void parse_highlightEscapes_keptAsSentWithoutProblem() {
        AstmParseResult result = parser.parse(around("C|1|I|&H&urgent&N& call|G"));

        assertThat(accepted(result).comments().get(0).text()).isEqualTo("&H&urgent&N& call");
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void parse_unknownEmptyAndUnclosedEscapes_keptAsSentAndReported() {
        AstmParseResult result = parser.parse(around("C|1|I|a&Z01&b&&c&S&d|G", "C|2|I|tail&Fx|G"));

        AstmMessage message = accepted(result);
        assertThat(message.comments()).extracting(AstmComment::text).containsExactly("a&Z01&b&&c^d", "tail&Fx");
        assertThat(result.problems()).extracting(AstmProblem::detail).containsExactly(
                "escape at C.4 (3 characters) is not F, S, R, E, X, H or N; kept as sent",
                "escape at C.4 (0 characters) is not F, S, R, E, X, H or N; kept as sent",
                "escape at C.4 never closed; kept as sent");
    }

    @Test
    void parse_badHexEscapes_keptAsSentAndReported() {
        AstmParseResult result = parser.parse(around("C|1|I|&X4&&XZZ&&X&&x41&|G"));

        assertThat(accepted(result).comments().get(0).text()).isEqualTo("&X4&&XZZ&&X&&x41&");
        assertThat(codes(result)).containsExactly(Code.BAD_HEX_ESCAPE, Code.BAD_HEX_ESCAPE, Code.UNKNOWN_ESCAPE,
                Code.UNKNOWN_ESCAPE);
    }

    @Test
    void parse_hexEscape_latin1ByDefaultUtf8WhenConfigured() {
        String text = around("C|1|I|caf&XC3A9& &XE9&|G");

        assertThat(accepted(parser.parse(text)).comments().get(0).text()).isEqualTo("caf\u00c3\u00a9 \u00e9");
        AstmParseResult utf8 = new AstmMessageParser(AstmParseOptions.STRICT.withHexCharset(StandardCharsets.UTF_8))
                .parse(text);
        assertThat(accepted(utf8).comments().get(0).text()).isEqualTo("caf\u00e9 &XE9&");
        assertThat(codes(utf8)).containsExactly(Code.BAD_HEX_ESCAPE);
    }

    @Test
    void parse_hexEscapeOfEveryByte_latin1GivesThatCharacter() {
        StringBuilder escaped = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            escaped.append(String.format("&X%02x&", b));
            expected.append((char) b);
        }
        AstmParseResult result = parser.parse(around("C|1|I|" + escaped + "|G"));

        assertThat(accepted(result).comments().get(0).text()).isEqualTo(expected.toString());
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void parse_controlCharacterSentAsIs_keptAndReportedOncePerValue() {
        AstmParseResult result = parser.parse(around("C|1|I|a\tb\u0001|G\u007f"));

        AstmComment comment = accepted(result).comments().get(0);
        assertThat(comment.text()).isEqualTo("a\tb\u0001");
        assertThat(comment.type()).isEqualTo("G\u007f");
        assertThat(result.problems()).extracting(AstmProblem::detail).containsExactly(
                "control character at C.4 sent as is; kept", "control character at C.5 sent as is; kept");
    }

    @Test
    void write_delimitersAndControlCharactersInValues_escaped() {
        AstmRecord record = AstmRecord.of('C', AstmField.of("1"), AstmField.of("I"),
                AstmField.of("|^\\&\r\n\u0000\u007f\u00e9\u20ac"), AstmField.of("G"));

        assertThat(AstmMessageWriter.write(record, AstmDelimiters.STANDARD))
                .isEqualTo("C|1|I|&F&&S&&R&&E&&X0D&&X0A&&X00&&X7F&\u00e9\u20ac|G");
    }

    /** {@code line} with field {@code number} set to {@code raw}, empty fields added before it as needed. */
    private static String withField(String line, int number, String raw) {
        List<String> fields = new ArrayList<>(Arrays.asList(line.split("\\|", -1)));
        int index = number - 1;
        if (line.startsWith("H")) {
            index = number - 2;
            fields.set(0, "H|\\^&");
            fields.remove(1);
        }
        while (fields.size() <= index) {
            fields.add("");
        }
        fields.set(index, raw);
        return String.join("|", fields);
    }

    private static AstmRecord find(AstmMessage message, char type) {
        List<AstmRecord> all = new ArrayList<>();
        all.add(message.header().record());
        message.comments().forEach(c -> all.add(c.record()));
        all.addAll(message.extras());
        for (AstmPatient p : message.patients()) {
            all.add(p.record());
            p.orders().forEach(o -> {
                all.add(o.record());
                o.results().forEach(r -> {
                    all.add(r.record());
                    all.addAll(r.extras());
                });
            });
        }
        message.queries().forEach(q -> all.add(q.record()));
        message.terminator().ifPresent(l -> all.add(l.record()));
        return all.stream().filter(r -> r.type() == type).findFirst().orElseThrow();
    }
}
