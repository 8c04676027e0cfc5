package org.smartclinic.simulator.pty;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few glibc calls a pseudo-terminal needs (glibc 2.34 and later export {@code openpty} from libc itself).
 * Constants are the Linux generic values (x86-64, aarch64).
 */
interface LibC extends Library {

    /** {@code tcsetattr} action: apply now. */
    int TCSANOW = 0;
    /** {@code fcntl} commands. */
    int F_GETFL = 3;
    int F_SETFL = 4;
    int F_SETFD = 2;
    int FD_CLOEXEC = 1;
    /** {@code open} flag; also {@code EFD_NONBLOCK}. */
    int O_NONBLOCK = 0x800;
    int EFD_CLOEXEC = 0x80000;
    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;
    int EINTR = 4;
    int EIO = 5;
    int EAGAIN = 11;
    /** Size of {@code struct pollfd}: int fd, short events, short revents. */
    int POLLFD_SIZE = 8;
    /** Generous size for an opaque {@code struct termios} (60 bytes on glibc). */
    int TERMIOS_SIZE = 256;

    LibC INSTANCE = load();

    private static LibC load() {
        // JNA unpacks its native stub under ~/.cache unless told otherwise: keep it in the temp folder.
        if (System.getProperty("jna.tmpdir") == null) {
            System.setProperty("jna.tmpdir",
                    System.getProperty("java.io.tmpdir") + "/jna-" + System.getProperty("user.name", "user"));
        }
        return Native.load("c", LibC.class);
    }

    int openpty(int[] master, int[] slave, Pointer name, Pointer termios, Pointer winsize) throws LastErrorException;

    int ttyname_r(int fd, byte[] buf, NativeLong size);

    int tcgetattr(int fd, Pointer termios) throws LastErrorException;

    void cfmakeraw(Pointer termios);

    int tcsetattr(int fd, int action, Pointer termios) throws LastErrorException;

    int fcntl(int fd, int cmd, Object... args) throws LastErrorException;

    int eventfd(int initval, int flags) throws LastErrorException;

    int poll(Pointer fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

    NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, Pointer buf, NativeLong count) throws LastErrorException;

    int close(int fd);
}
