package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.accepted;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.load;
import static org.smartclinic.drivers.codec.astm.record.AstmTestMessages.parseStrict;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer, and round trips: parse(write(m)) == m, write(parse(text)) == text. */
class AstmMessageWriterTest {

    /** Random models per run; enough to meet every escape and delimiter mix many times over; raise to soak. */
    private static final int RANDOM_MODELS = Integer.getInteger("astm.roundtrip.count", 500);

    private final AstmMessageParser parser = new AstmMessageParser();

    @ParameterizedTest
    @ValueSource(strings = {"hba1c.astm", "cbc.astm", "chemistry.astm", "urine.astm", "query.astm"})
    void write_parsedTestMessage_sameTextBack(String name) {
        String text = load(name);

        assertThat(AstmMessageWriter.write(parseStrict(text))).isEqualTo(text);
    }

    @Test
    void write_builtMessage_recordsInStandardOrder() {
        AstmHeader header = AstmHeader.of(AstmDelimiters.STANDARD, AstmField.ofComponents("SmartClinic", "Gateway"),
                AstmField.of("LIS"), "P", LocalDateTime.of(2024, 6, 11, 9, 5, 7));
        AstmRecord result = AstmRecord.of('R', AstmField.of("1"), AstmField.ofComponents("", "", "", "GLU"),
                AstmField.of("5.1"), AstmField.of("mmol/L"));
        AstmOrder order = new AstmOrder(AstmOrder.of(1, "S1", List.of(AstmTestId.ofLocalCode("GLU")), "R", "N", null,
                List.of()).record(), List.of(new AstmResult(result, 4, List.of(AstmComment.of(1, "I", "ok", "G")),
                        List.of(AstmRecord.of('M', AstmField.of("1"), AstmField.of("raw"))))), List.of(), List.of());
        AstmPatient patient = new AstmPatient(AstmPatient.of(1, "P-1", "", List.of()).record(), List.of(order),
                List.of(AstmComment.of(1, "L", "fasting", "G")), List.of());
        AstmQuery query = new AstmQuery(AstmRecord.of('Q', AstmField.of("1"), AstmField.ofComponents("", "S2")),
                List.of(), List.of());
        AstmMessage message = new AstmMessage(header, List.of(AstmComment.of(1, "I", "hello", "G")), List.of(),
                List.of(patient), List.of(query), Optional.of(AstmTerminator.of(AstmTerminationCode.NORMAL)),
                List.of(AstmRecord.of('R', AstmField.of("9"))));

        assertThat(AstmMessageWriter.records(message)).containsExactly(
                "H|\\^&|||SmartClinic^Gateway|||||LIS||P|LIS2-A2|20240611090507",
                "C|1|I|hello|G",
                "P|1|P-1|",
                "C|1|L|fasting|G",
                "O|1|S1||^^^GLU|R||||||N",
                "R|1|^^^GLU|5.1|mmol/L",
                "C|1|I|ok|G",
                "M|1|raw",
                "Q|1|^S2",
                "L|1|N");
        assertThat(AstmMessageWriter.write(message)).isEqualTo(String.join("\r",
                AstmMessageWriter.records(message)) + "\r");
        AstmMessage back = parseStrict(AstmMessageWriter.write(message));
        assertThat(back.unexpected()).isEmpty();
        assertThat(back).isEqualTo(new AstmMessage(header, message.comments(), List.of(), List.of(patient),
                List.of(query), message.terminator(), List.of()));
    }

    @Test
    void write_headerFieldTwoDisagreeingWithDelimiters_refusedAsCallerBug() {
        AstmRecord header = AstmRecord.of('H', AstmField.of("\\^&"));

        assertThatThrownBy(() -> AstmMessageWriter.write(header, new AstmDelimiters('|', '@', '^', '&')))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AstmHeader(new AstmDelimiters('|', '@', '^', '&'), header))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTrip_randomModels_parseOfWriteEqualsModel() {
        for (int seed = 0; seed < RANDOM_MODELS; seed++) {
            AstmMessage message = new AstmRandomMessages(seed).message();
            String text = AstmMessageWriter.write(message);

            AstmParseResult result = parser.parse(text);

            assertThat(result).as("seed %d: %s", seed, result.problems()).isInstanceOf(AstmParseResult.Accepted.class);
            assertThat(accepted(result)).as("seed %d", seed).isEqualTo(message);
            assertThat(AstmMessageWriter.write(accepted(result))).isEqualTo(text);
        }
    }

    @Test
    void roundTrip_randomModelsWithoutTerminator_equalWhenTolerated() {
        AstmMessageParser tolerant = new AstmMessageParser(AstmParseOptions.STRICT.withTolerateMissingTerminator(true));
        for (int seed = 0; seed < RANDOM_MODELS / 5; seed++) {
            AstmMessage full = new AstmRandomMessages(seed).message();
            AstmMessage message = new AstmMessage(full.header(), full.comments(), full.extras(), full.patients(),
                    full.queries(), Optional.empty(), List.of());

            assertThat(accepted(tolerant.parse(AstmMessageWriter.write(message)))).as("seed %d", seed)
                    .isEqualTo(message);
        }
    }

    @Test
    void delimiters_lettersOrDigits_notEscapeSafe() {
        assertThat(AstmDelimiters.STANDARD.isEscapeSafe()).isTrue();
        assertThat(new AstmDelimiters('\t', ' ', '~', '\u00a7').isEscapeSafe()).isTrue();
        assertThat(new AstmDelimiters('|', '\\', 'X', '&').isEscapeSafe()).isFalse();
        assertThat(new AstmDelimiters('|', '\\', '^', '3').isEscapeSafe()).isFalse();
    }

    @Test
    void roundTrip_valueOfEveryCharacterUpTo0x2FF_survives() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x300; c++) {
            all.append(c);
        }
        for (AstmDelimiters d : List.of(AstmDelimiters.STANDARD, new AstmDelimiters('\t', ' ', '~', '\u00a7'))) {
            AstmHeader header = new AstmHeader(d, AstmRecord.of('H', AstmField.of(d.definition().substring(1)),
                    AstmField.of(all.toString())));
            AstmMessage message = AstmMessage.of(header, List.of(), List.of(),
                    AstmTerminator.of(AstmTerminationCode.NORMAL));

            assertThat(accepted(parser.parse(AstmMessageWriter.write(message))).header().messageControlId())
                    .as("delimiters %s", d.definition()).isEqualTo(all.toString());
        }
    }
}
