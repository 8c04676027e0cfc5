package org.smartclinic.gateway.invite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Where the token key comes from: the configuration, or a file of 32 random bytes made once in the data directory,
 * readable by the gateway's user only (created with mode 0600, never widened later), so links outlive a restart.
 */
final class InviteKeys {

    static final String FILE = "invite-key";
    private static final int SIZE = 32;

    private InviteKeys() {
    }

    static byte[] load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            byte[] key = Base64.getDecoder().decode(configured.get().strip());
            if (key.length < SIZE) {
                throw new IllegalStateException("smartclinic.invites.key must be base64 of at least " + SIZE
                        + " bytes, has " + key.length);
            }
            return key;
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < SIZE) {
                throw new IllegalStateException(file + " holds " + key.length + " bytes, needs " + SIZE
                        + "; delete it to make a new key (links given out stop working)");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the invite key " + file, e);
        }
    }

    /** Written to a private temporary file, then moved into place: a crash never leaves a short key behind. */
    private static void create(Path file) throws IOException {
        byte[] key = new byte[SIZE];
        new SecureRandom().nextBytes(key);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, FILE, ".tmp", PosixFilePermissions.asFileAttribute(owner));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, FILE, ".tmp");
        }
        try {
            Files.write(tmp, key, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
