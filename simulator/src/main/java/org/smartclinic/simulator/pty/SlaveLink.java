package org.smartclinic.simulator.pty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stable path a gateway opens: a symlink to the current pty slave, switched atomically (a temporary link
 * renamed over the old one), so an opener never finds the path missing while a twin replugs.
 */
final class SlaveLink {

    private static final AtomicLong TEMP_LINKS = new AtomicLong();

    private SlaveLink() {
    }

    /** Creates or replaces {@code link -> target}; refuses to replace anything that is not a symlink. */
    static void point(Path link, Path target) throws IOException {
        Path abs = link.toAbsolutePath();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(abs)) {
            throw new IOException(abs + " exists and is not a symbolic link; refusing to replace it:"
                    + " choose another --link path or remove that file");
        }
        Files.createDirectories(abs.getParent());
        Path temp = abs.resolveSibling("." + abs.getFileName() + ".pty-" + ProcessHandle.current().pid()
                + "-" + TEMP_LINKS.incrementAndGet());
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, target);
        try {
            Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot point " + abs + " at " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code link} if it still points at {@code target}; a newer pty's link is left alone. */
    static void removeIfPointingAt(Path link, Path target) {
        try {
            if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
                Files.deleteIfExists(link);
            }
        } catch (IOException e) {
            // A link we cannot read or delete stays; the next open replaces it.
        }
    }
}
