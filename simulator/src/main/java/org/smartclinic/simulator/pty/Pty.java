package org.smartclinic.simulator.pty;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * A pseudo-terminal pair from libc {@code openpty}: the simulator keeps the master side, the gateway opens the
 * slave path (or the symlink to it) as if it were a serial port.
 *
 * <p>Behaviour:
 * <ul>
 *   <li>The slave is put in raw mode ({@code cfmakeraw}): no echo, CR and LF pass untouched both ways.</li>
 *   <li>The pty keeps its own slave descriptor open, so bytes written before anyone opens the slave wait in the
 *       line buffer instead of being lost, and master reads do not fail while nobody has the port open.</li>
 *   <li>With a {@code link}, a symlink {@code link -> /dev/pts/N} is created or replaced atomically (a temporary
 *       link renamed over it); an existing regular file there is refused, never replaced.</li>
 *   <li>{@link #close()} is an unplug: master and slave descriptors are closed, a gateway reading the slave sees a
 *       hang-up, and the symlink is removed if it still points at this pty (a newer pty may have replaced it).</li>
 * </ul>
 * Threading: one reader thread, one writer thread and {@link #close()} from any thread. A blocked
 * {@link #read}/{@link #write} returns as soon as the pty is closed (an eventfd wakes its {@code poll}); the
 * descriptors are released only once no call is using them, so a recycled descriptor number is never touched.
 */
public final class Pty implements AutoCloseable {

    private final int master;
    private final int slave;
    private final int wake;
    private final Path slavePath;
    private final Path link;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Shared by read and write while they use the descriptors, exclusive for close. */
    private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
    private final ReentrantLock readMutex = new ReentrantLock();
    private final ReentrantLock writeMutex = new ReentrantLock();

    private Pty(int master, int slave, int wake, Path slavePath, Path link) {
        this.master = master;
        this.slave = slave;
        this.wake = wake;
        this.slavePath = slavePath;
        this.link = link;
    }

    /**
     * Opens a new pair in raw mode.
     *
     * @param link where to put a symlink to the slave, or null for none; its folder is created if missing
     * @throws IOException if no pty can be had, or the link cannot be made
     */
    public static Pty open(Path link) throws IOException {
        LibC c = LibC.INSTANCE;
        int[] m = new int[1];
        int[] s = new int[1];
        try {
            c.openpty(m, s, null, null, null);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a pseudo-terminal (openpty: " + e.getMessage()
                    + "); is /dev/ptmx available and devpts mounted?", e);
        }
        int wake = -1;
        try {
            Path slavePath = PtySetup.slaveName(c, s[0]);
            PtySetup.configure(c, m[0], s[0]);
            wake = c.eventfd(0, LibC.O_NONBLOCK | LibC.EFD_CLOEXEC);
            if (link != null) {
                SlaveLink.point(link, slavePath);
            }
            return new Pty(m[0], s[0], wake, slavePath, link);
        } catch (IOException | RuntimeException e) {
            c.close(m[0]);
            c.close(s[0]);
            if (wake >= 0) {
                c.close(wake);
            }
            if (e instanceof LastErrorException le) {
                throw new IOException("cannot set up the pseudo-terminal: " + le.getMessage(), le);
            }
            throw e;
        }
    }

    /** The slave device, e.g. {@code /dev/pts/3}. */
    public Path slavePath() {
        return slavePath;
    }

    /** The symlink to the slave, if one was asked for. */
    public Optional<Path> link() {
        return Optional.ofNullable(link);
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Writes all of {@code data}, waiting while the line buffer is full (nobody reading the slave).
     *
     * @throws IOException if the pty is or gets closed first
     */
    public void write(byte[] data) throws IOException {
        if (write(data, null) < data.length) {
            throw new IOException("pty " + slavePath + " closed while writing");
        }
    }

    /**
     * Writes as much of {@code data} as fits within {@code timeout}, like a device sending into a line nobody
     * reads: what does not fit in time is not sent.
     *
     * @param timeout how long to wait for room in the line buffer; null waits until all is written or closed
     * @return the number of bytes written
     * @throws IOException if the pty is closed before anything could be written
     */
    public int write(byte[] data, Duration timeout) throws IOException {
        if (data.length == 0) {
            return 0;
        }
        writeMutex.lock();
        fdLock.readLock().lock();
        try {
            if (closed.get()) {
                throw new IOException("pty " + slavePath + " is closed");
            }
            Memory mem = new Memory(data.length);
            mem.write(0, data, 0, data.length);
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            int off = 0;
            while (off < data.length) {
                int ready = await(LibC.POLLOUT, deadline);
                if (ready < 0) {
                    if (off == 0) {
                        throw new IOException("pty " + slavePath + " closed while writing");
                    }
                    return off;
                }
                if (ready == 0) {
                    return off;
                }
                off += writeSome(mem, off, data.length - off);
            }
            return off;
        } finally {
            fdLock.readLock().unlock();
            writeMutex.unlock();
        }
    }

    /**
     * Reads what the gateway sent.
     *
     * @return bytes read into {@code buf}; 0 when {@code timeout} passed with nothing to read; -1 once closed
     */
    public int read(byte[] buf, Duration timeout) throws IOException {
        if (closed.get()) {
            return -1;
        }
        readMutex.lock();
        fdLock.readLock().lock();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!closed.get()) {
                int ready = await(LibC.POLLIN, deadline);
                if (ready <= 0) {
                    return ready;
                }
                int n = readSome(buf);
                if (n != 0) {
                    return n;
                }
            }
            return -1;
        } finally {
            fdLock.readLock().unlock();
            readMutex.unlock();
        }
    }

    /** Unplugs: closes both sides; a gateway on the slave sees the hang-up. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LibC c = LibC.INSTANCE;
        try (Memory one = new Memory(8)) {
            one.setLong(0, 1);
            c.write(wake, one, new NativeLong(8));
        } catch (LastErrorException e) {
            // The counter can only overflow after 2^64 closes; nothing to do.
        }
        fdLock.writeLock().lock();
        try {
            c.close(master);
            c.close(slave);
            c.close(wake);
        } finally {
            fdLock.writeLock().unlock();
        }
        if (link != null) {
            SlaveLink.removeIfPointingAt(link, slavePath);
        }
    }

    @Override
    public String toString() {
        return "pty " + slavePath + (link != null ? " (" + link + ")" : "") + (closed.get() ? " closed" : "");
    }

    /** Polls the master for {@code event}: 1 ready, 0 deadline passed, -1 closed or hung up. */
    private int await(short event, long deadline) throws IOException {
        LibC c = LibC.INSTANCE;
        try (Memory fds = new Memory(2L * LibC.POLLFD_SIZE)) {
            while (true) {
                if (closed.get()) {
                    return -1;
                }
                long left = deadline == Long.MAX_VALUE ? -1 : Math.max(0, deadline - System.nanoTime());
                int millis = left < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
                fds.setInt(0, master);
                fds.setShort(4, event);
                fds.setShort(6, (short) 0);
                fds.setInt(8, wake);
                fds.setShort(12, LibC.POLLIN);
                fds.setShort(14, (short) 0);
                int n;
                try {
                    n = c.poll(fds, new NativeLong(2), millis);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LibC.EINTR) {
                        continue;
                    }
                    throw new IOException("poll on " + slavePath + " failed: " + e.getMessage(), e);
                }
                if (fds.getShort(14) != 0) {
                    return -1;
                }
                short revents = fds.getShort(6);
                if ((revents & event) != 0) {
                    return 1;
                }
                if ((revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
                    return -1;
                }
                if (n == 0 && millis == 0) {
                    return 0;
                }
            }
        }
    }

    private int readSome(byte[] buf) throws IOException {
        try {
            long n = LibC.INSTANCE.read(master, buf, new NativeLong(buf.length)).longValue();
            return n == 0 ? -1 : (int) n;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                return 0;
            }
            if (e.getErrorCode() == LibC.EIO) {
                return -1;
            }
            throw new IOException("read from " + slavePath + " failed: " + e.getMessage(), e);
        }
    }

    private int writeSome(Memory mem, int off, int len) throws IOException {
        try {
            return (int) LibC.INSTANCE.write(master, mem.share(off), new NativeLong(len)).longValue();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                return 0;
            }
            throw new IOException("write to " + slavePath + " failed: " + e.getMessage(), e);
        }
    }
}
