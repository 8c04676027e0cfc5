package org.smartclinic.simulator.pty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * The set-up of a fresh {@code openpty} pair before it becomes a {@link Pty}: the slave's name, the slave in raw
 * mode ({@code cfmakeraw}: no echo, CR and LF untouched), both descriptors close-on-exec so a child process never
 * holds the line open, and the master non-blocking for {@code poll}.
 */
final class PtySetup {

    private PtySetup() {
    }

    /**
     * Raw mode, close-on-exec, non-blocking master.
     *
     * @throws LastErrorException if a libc call fails
     */
    static void configure(LibC c, int master, int slave) {
        makeRaw(c, slave);
        c.fcntl(master, LibC.F_SETFD, LibC.FD_CLOEXEC);
        c.fcntl(slave, LibC.F_SETFD, LibC.FD_CLOEXEC);
        c.fcntl(master, LibC.F_SETFL, c.fcntl(master, LibC.F_GETFL) | LibC.O_NONBLOCK);
    }

    /** The slave device's path, e.g. {@code /dev/pts/3}. */
    static Path slaveName(LibC c, int fd) throws IOException {
        byte[] name = new byte[4096];
        int err = c.ttyname_r(fd, name, new NativeLong(name.length));
        if (err != 0) {
            throw new IOException("cannot name the pseudo-terminal slave (ttyname_r error " + err + ")");
        }
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        return Path.of(new String(name, 0, len, StandardCharsets.UTF_8));
    }

    private static void makeRaw(LibC c, int fd) {
        try (Memory termios = new Memory(LibC.TERMIOS_SIZE)) {
            termios.clear();
            c.tcgetattr(fd, termios);
            c.cfmakeraw(termios);
            c.tcsetattr(fd, LibC.TCSANOW, termios);
        }
    }
}
