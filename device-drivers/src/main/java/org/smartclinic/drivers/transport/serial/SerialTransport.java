package org.smartclinic.drivers.transport.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.TransportListener;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListenerWithExceptions;
import com.fazecast.jSerialComm.SerialPortEvent;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/**
 * A serial port through jSerialComm: {@code /dev/ttyUSB0}, a {@code /dev/serial/by-id/...} symlink, or a
 * pseudo-terminal ({@code /dev/pts/N}, or a symlink to one, as the simulator twins use).
 *
 * <p>Received bytes are read in jSerialComm's data-available callback, on its event thread, and handed to the
 * listener as they come. The connection ends by itself when the port reports {@code PORT_DISCONNECTED} or a read
 * fails: the port is closed on that first sign (jSerialComm repeats the event until the port is closed) and
 * {@link TransportListener#onClosed} is called exactly once, unless {@link #close()} came first.
 *
 * <p>Open failures are {@link IOException}s that say what to check: a missing path (cable, udev rule, config),
 * missing permission (group {@code dialout}), a port busy with another program. jSerialComm unpacks its native
 * library under {@code java.io.tmpdir}: point that at a writable, private folder in production.
 *
 * <p>Writes block until sent, for at most {@value #WRITE_TIMEOUT_MS} ms.
 */
public final class SerialTransport implements ByteTransport {

    /** Longest wait for a write to drain into the driver, ms. */
    public static final int WRITE_TIMEOUT_MS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(SerialTransport.class);
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EBUSY = 16;
    private static final int ENXIO = 6;

    private final SerialSettings settings;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile SerialPort port;

    public SerialTransport(SerialSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void open(TransportListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (port != null || ended.get()) {
            throw new IllegalStateException(describe() + " was already opened; use a new transport per connection");
        }
        String path = settings.path();
        checkPath(path);
        SerialPort p;
        try {
            p = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("port " + path + " is not a usable serial device: " + e.getMessage(), e);
        }
        p.setComPortParameters(settings.baudRate(), settings.dataBits(), stopBits(settings.stopBits()),
                parity(settings.parity()));
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 0,
                WRITE_TIMEOUT_MS);
        if (!p.openPort()) {
            throw openFailure(path, p.getLastErrorCode(), p.getLastErrorLocation());
        }
        port = p;
        if (!p.addDataListener(new Events(p, listener))) {
            p.closePort();
            throw new IOException("port " + path + " opened but cannot be watched for data (jSerialComm error "
                    + p.getLastErrorCode() + ")");
        }
        LOG.debug("opened {}", describe());
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        SerialPort p = port;
        if (p == null || ended.get()) {
            throw new IOException(describe() + " is not open");
        }
        int off = 0;
        while (off < bytes.length) {
            int n = p.writeBytes(bytes, bytes.length - off, off);
            if (n < 0) {
                throw new IOException("write to " + settings.path() + " failed: device unplugged? (error "
                        + p.getLastErrorCode() + ")");
            }
            if (n == 0) {
                throw new IOException("write to " + settings.path() + " timed out after " + WRITE_TIMEOUT_MS
                        + " ms: is flow control holding the line?");
            }
            off += n;
        }
    }

    @Override
    public void close() {
        // Whoever ends the connection first closes the port: if the device hung up at this very moment, the event
        // thread is closing it already, and removing its listener from here would wait for it while it waits for
        // the port's lock (a deadlock seen when a link closes as the device unplugs).
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        SerialPort p = port;
        if (p != null && p.isOpen()) {
            p.removeDataListener();
            p.closePort();
            LOG.debug("closed {}", describe());
        }
    }

    @Override
    public String describe() {
        return "serial:" + settings;
    }

    /** Gives the reasons that need no native call, in a technician's words. */
    private static void checkPath(String path) throws IOException {
        if (path.isBlank()) {
            throw new IOException("no serial port configured: set the device's port path, e.g. /dev/ttyUSB0");
        }
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("port " + path + " missing: the link points to " + target(p)
                        + ", which is gone (device unplugged?)");
            }
            throw new IOException("port " + path + " missing: is the device plugged in and the path right?");
        }
        if (Files.isDirectory(p)) {
            throw new IOException("port " + path + " is a folder, not a serial device: check the path");
        }
        if (!Files.isReadable(p) || !Files.isWritable(p)) {
            throw new IOException("no permission to open port " + path + ": add the gateway's user to the group"
                    + " that owns it (usually 'dialout')");
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "an unreadable target";
        }
    }

    private static IOException openFailure(String path, int errno, int location) {
        String why = switch (errno) {
            case EBUSY -> "busy: another program has it open (a terminal, a second gateway, ModemManager?)";
            case EACCES -> "no permission: add the gateway's user to the group that owns it (usually 'dialout')";
            case ENOENT, ENXIO -> "missing: is the device plugged in and the path right?";
            default -> "error " + errno + " (at " + location + "); check that no other program uses it and that"
                    + " it is a serial device";
        };
        return new IOException("cannot open port " + path + ": " + why);
    }

    private static int stopBits(SerialSettings.StopBits stopBits) {
        return switch (stopBits) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    private static int parity(SerialSettings.Parity parity) {
        return switch (parity) {
            case NONE -> SerialPort.NO_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    /** jSerialComm's callbacks: read what is there, end the connection on the first sign of a disconnect. */
    private final class Events implements SerialPortDataListenerWithExceptions {

        private final SerialPort p;
        private final TransportListener listener;
        private final byte[] buffer = new byte[4096];

        Events(SerialPort p, TransportListener listener) {
            this.p = p;
            this.listener = listener;
        }

        @Override
        public int getListeningEvents() {
            return SerialPort.LISTENING_EVENT_DATA_AVAILABLE | SerialPort.LISTENING_EVENT_PORT_DISCONNECTED;
        }

        @Override
        public void serialEvent(SerialPortEvent event) {
            if (ended.get()) {
                return;
            }
            if ((event.getEventType() & SerialPort.LISTENING_EVENT_PORT_DISCONNECTED) != 0) {
                end("device unplugged (port " + settings.path() + " disconnected)");
                return;
            }
            drain();
        }

        private void drain() {
            while (!ended.get()) {
                int available = p.bytesAvailable();
                if (available < 0) {
                    end("device unplugged (port " + settings.path() + " can no longer be read)");
                    return;
                }
                if (available == 0) {
                    return;
                }
                int n = p.readBytes(buffer, Math.min(available, buffer.length));
                if (n < 0) {
                    end("device unplugged (read from " + settings.path() + " failed)");
                    return;
                }
                if (n == 0) {
                    return;
                }
                listener.onBytes(buffer, n);
            }
        }

        private void end(String reason) {
            if (ended.compareAndSet(false, true)) {
                // Close first: jSerialComm repeats the disconnect event for as long as the port stays open.
                p.closePort();
                LOG.debug("{} ended: {}", describe(), reason);
                listener.onClosed(reason);
            }
        }

        @Override
        public void catchException(Exception e) {
            LOG.warn("{}: error in the data callback: {}", describe(), e.toString());
        }
    }
}
