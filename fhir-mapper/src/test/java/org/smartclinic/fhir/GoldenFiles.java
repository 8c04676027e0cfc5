package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Compares pretty-printed FHIR JSON with a golden file under {@code src/test/resources/golden/}. HAPI writes
 * elements in FHIR's element order, so the text is stable. A missing golden file fails the test and prints the
 * actual JSON (also written under {@code target/golden-actual/}) for a person to check and save; nothing is ever
 * accepted automatically. Each is also compared with the JSON from a context with HAPI's default parser options,
 * which shows that turning automatic containment off ({@link FhirContexts}) changes nothing the mapper emits.
 */
final class GoldenFiles {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path GOLDEN = MODULE.resolve("src/test/resources/golden");
    private static final Path ACTUAL = MODULE.resolve("target/golden-actual");
    /** A context as HAPI makes it: {@link FhirContexts#r4()} turns automatic containment off. */
    private static final FhirContext HAPI_DEFAULTS = FhirContext.forR4();

    private GoldenFiles() {
    }

    /** Pretty-printed JSON of {@code resource}, ending with a newline. */
    static String json(IBaseResource resource) {
        return FhirContexts.r4().newJsonParser().setPrettyPrint(true).encodeResourceToString(resource) + "\n";
    }

    /** Fails unless {@code resource} encodes exactly as {@code golden/<name>.json}. */
    static void assertMatchesGolden(String name, IBaseResource resource) throws IOException {
        String actual = json(resource);
        Path golden = GOLDEN.resolve(name + ".json");
        if (!Files.exists(golden)) {
            Files.createDirectories(ACTUAL);
            Path saved = Files.writeString(ACTUAL.resolve(name + ".json"), actual, StandardCharsets.UTF_8);
            fail("No golden file %s.%nCheck the JSON below (also in %s) and, if it is right, save it there:%n%s",
                    golden.toAbsolutePath(), saved.toAbsolutePath(), actual);
        }
        String expected = Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertThat(actual).as("JSON of %s compared with %s", resource.fhirType(), golden).isEqualTo(expected);
        assertThat(HAPI_DEFAULTS.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource) + "\n")
                .as("JSON of %s from a context with HAPI's default parser options (automatic containment on)",
                        resource.fhirType()).isEqualTo(actual);
    }
}
