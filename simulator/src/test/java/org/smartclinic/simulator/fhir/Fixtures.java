package org.smartclinic.simulator.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * FHIR JSON fixtures under {@code src/test/resources/fhir/}, one scenario per file, with {@code ${name}} slots for
 * what must differ per test (a run id in identifiers, the id of a patient stored earlier).
 */
final class Fixtures {

    private Fixtures() {
    }

    static String json(String name, Map<String, String> values) {
        String text = read(name);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException("Fixture " + name + " has an unfilled slot: "
                    + text.substring(text.indexOf("${"), text.indexOf('}', text.indexOf("${")) + 1));
        }
        return text;
    }

    private static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fhir/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture /fhir/" + name + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
