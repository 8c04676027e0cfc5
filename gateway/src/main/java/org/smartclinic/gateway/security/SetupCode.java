package org.smartclinic.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.api.ApiException;

/**
 * The one-time code that lets the first admin be made: 96 random bits in {@code <data dir>/setup-code} (mode 0600),
 * written while there is no account, so only someone who can read the gateway's data folder can claim it; deleted
 * as soon as any account exists.
 */
final class SetupCode {

    private static final Logger LOG = Logger.getLogger(SetupCode.class);

    private final Path file;

    SetupCode(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void write() {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
                AccountRules.restrict(file);
                Files.writeString(file, AccountRules.token(12) + "\n", StandardCharsets.US_ASCII);
            }
            LOG.infof("No staff account yet: open /setup in a browser and enter the setup code from %s "
                    + "to create the first admin", file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the setup code to " + file, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", file, e.getMessage());
        }
    }

    /** Refuses {@code code} unless it is the one in the file. */
    void check(String code) {
        String expected;
        try {
            expected = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new ApiException(Status.CONFLICT, "there is no setup code",
                    "restart the gateway: it writes a new one to " + file.toAbsolutePath());
        }
        if (code == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                code.trim().getBytes(StandardCharsets.US_ASCII))) {
            throw new ApiException(Status.FORBIDDEN, "the setup code is wrong", "copy it from " + file.toAbsolutePath());
        }
    }
}
