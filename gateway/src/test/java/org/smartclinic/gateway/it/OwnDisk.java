package org.smartclinic.gateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A disk of its own for one process, which a test can really fill: a tmpfs mounted over a folder in a user and mount
 * namespace that only that process sees ({@code unshare -rm}), gone when it ends. The test reaches the folder through
 * the process's {@code /proc/<pid>/root}.
 */
final class OwnDisk {

    private OwnDisk() {
    }

    /** Whether this machine lets a process mount a tmpfs of its own (Linux with user namespaces, {@code unshare}). */
    static boolean possible() {
        try {
            Path probe = Files.createTempDirectory("disk-probe");
            Process p = new ProcessBuilder("unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$0\"",
                    probe.toString()).redirectErrorStream(true).start();
            boolean ok = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            Files.delete(probe);
            return ok;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The words that run a command with a tmpfs of {@code size} (e.g. {@code "48m"}) mounted over {@code dir}. */
    static List<String> mountingOver(Path dir, String size) {
        return List.of("unshare", "-rm", "sh", "-c",
                "mount -t tmpfs -o size=\"$1\" tmpfs \"$2\" && shift 2 && exec \"$@\"", "sh", size,
                dir.toAbsolutePath().toString());
    }

    /** {@code dir} as process {@code pid} sees it. */
    static Path seenFromOutside(long pid, Path dir) {
        return Path.of("/proc/" + pid + "/root" + dir.toAbsolutePath());
    }
}
