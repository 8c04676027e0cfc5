package org.smartclinic.gateway.uplink.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a secret given either inline (e.g. from the environment) or in a file; never both. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The secret, stripped of surrounding white space.
     *
     * @param key    the inline setting's name, e.g. {@code smartclinic.fhir.auth.bearer-token}; the file setting is
     *               {@code key + "-file"}
     * @param inline the inline value
     * @param file   the file holding it
     * @throws EhrAuthConfigException when both are set, or the file cannot be read (the message names the file,
     *                                never the content)
     */
    public static Optional<String> read(String key, Optional<String> inline, Optional<Path> file) {
        if (inline.isPresent() && file.isPresent()) {
            throw new EhrAuthConfigException("Set either " + key + " or " + key + "-file, not both");
        }
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(file.get(), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new EhrAuthConfigException("Cannot read " + key + "-file " + file.get() + " ("
                        + e.getClass().getSimpleName() + "): check the path and that the gateway's user may read it");
            }
        }
        return inline.map(String::strip);
    }

    /** As {@link #read}, but the secret must be there. */
    public static String require(String key, Optional<String> inline, Optional<Path> file, String why) {
        return read(key, inline, file).filter(s -> !s.isEmpty()).orElseThrow(() -> new EhrAuthConfigException(
                why + ": set " + key + "-file (a file only the gateway may read) or " + key));
    }
}
