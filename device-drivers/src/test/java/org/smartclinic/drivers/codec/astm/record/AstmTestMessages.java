package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Test messages: resource files (one record per line, {@code #} comment lines) and inline records. */
final class AstmTestMessages {

    private AstmTestMessages() {
    }

    /** A message file's records, each followed by CR as the link layer delivers them. */
    static String load(String name) {
        try (InputStream in = AstmTestMessages.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return text.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line + "\r").collect(Collectors.joining());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records, each followed by CR. */
    static String records(String... records) {
        StringBuilder out = new StringBuilder();
        for (String record : records) {
            out.append(record).append('\r');
        }
        return out.toString();
    }

    /** A minimal valid message around these records: {@code H|\^&}, the records, {@code L|1|N}. */
    static String around(String... records) {
        return "H|\\^&\r" + records(records) + "L|1|N\r";
    }

    /** The accepted message, failing with the problems if it was refused. */
    static AstmMessage accepted(AstmParseResult result) {
        assertThat(result).as("problems: %s", result.problems()).isInstanceOf(AstmParseResult.Accepted.class);
        return result.accepted().orElseThrow();
    }

    /** The problems' codes, in order. */
    static List<AstmProblem.Code> codes(AstmParseResult result) {
        return result.problems().stream().map(AstmProblem::code).toList();
    }

    static AstmMessage parseStrict(String text) {
        return accepted(new AstmMessageParser().parse(text));
    }
}
