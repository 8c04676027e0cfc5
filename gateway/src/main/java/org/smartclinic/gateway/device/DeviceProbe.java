package org.smartclinic.gateway.device;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.link.DeviceLink;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkSettings;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.gateway.api.ApiException;

/**
 * Tries an instrument's settings before they are saved: opens its transport for a bounded time with a fresh
 * driver, and reports the first frames (printable and hex), what the driver decoded from them, or why the
 * connection failed, in the transport's own words ("port /dev/ttyUSB0 is busy: another program has it open").
 *
 * <p>Nothing is stored: a frame with readings is answered negatively (the protocol's NAK), so the instrument keeps
 * the measurement and sends it again to the saved device, never losing it to a probe. One probe runs at a time.
 * Only transports the probe can open alone are probed (serial, TCP client); a device on a shared port, a broker or
 * a folder is checked by saving it and watching its state.
 */
@ApplicationScoped
public class DeviceProbe {

    /** Longest a probe may keep a transport open. */
    public static final Duration MAX = Duration.ofSeconds(10);
    /** A probe ends after this many frames, or after the first frame with readings. */
    static final int MAX_FRAMES = 8;

    /** One frame the instrument sent. */
    public record Frame(Instant at, String outcome, String reason, int size, String printable, String hex) {
    }

    /** One value the driver decoded (not stored). */
    public record Decoded(String measurement, String value, String unit) {
    }

    /**
     * What the probe saw.
     *
     * @param connected whether the transport opened
     * @param message   what happened, in words: the error, or what was heard
     */
    public record Result(boolean connected, String message, long tookMs, List<Frame> frames, List<Decoded> readings,
            DeviceIdentity identity) {
    }

    @Inject
    Transports transports;

    @Inject
    Clock clock;

    @Inject
    DeviceManager devices;

    private final Semaphore one = new Semaphore(1);

    /** Probes {@code spec} for at most {@code within} (capped at {@link #MAX}). */
    public Result probe(DeviceSpec spec, Duration within) {
        TransportKind kind = spec.transport().kind();
        if (kind != TransportKind.SERIAL && kind != TransportKind.TCP_CLIENT) {
            throw ApiException.badRequest("a " + kind + " device cannot be probed alone",
                    "save it and watch its state on the instruments page");
        }
        String holder = holderOfPort(spec);
        if (holder != null) {
            return new Result(false, "port " + ((TransportSpec.Serial) spec.transport()).port() + " is busy: instrument "
                    + holder + " of this gateway has it open; stop it first (its page has Stop)", 0, List.of(),
                    List.of(), null);
        }
        if (!one.tryAcquire()) {
            throw new ApiException(Response.Status.CONFLICT, "another probe is running", "try again in a few seconds");
        }
        try {
            return run(spec, within.compareTo(MAX) > 0 ? MAX : within);
        } finally {
            one.release();
        }
    }

    /**
     * The running device that has {@code spec}'s serial port open (same path, or the same device behind links), or
     * null. Checked here because not every port reports "busy" to a second opener (a pseudo-terminal does not).
     */
    private String holderOfPort(DeviceSpec spec) {
        if (!(spec.transport() instanceof TransportSpec.Serial probed)) {
            return null;
        }
        String target = realPath(probed.port());
        return devices.all().stream().filter(ManagedDevice::running)
                .filter(d -> d.spec().transport() instanceof TransportSpec.Serial s && realPath(s.port()).equals(target))
                .map(d -> d.spec().id()).findFirst().orElse(null);
    }

    private static String realPath(String port) {
        try {
            return Path.of(port).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return port;
        }
    }

    private Result run(DeviceSpec spec, Duration within) {
        DeviceDriverFactory factory = DeviceDriverFactory.find(spec.driverId()).orElseThrow();
        Watch watch = new Watch();
        long started = System.nanoTime();
        // Backoff longer than the probe: one connection attempt only.
        LinkSettings settings = new LinkSettings(Duration.ZERO, MAX.multipliedBy(2), MAX.multipliedBy(2));
        DeviceLink link = new DeviceLink("probe-" + spec.id(), transports.connector(spec, factory),
                factory.create(new DriverContext(spec.id(), spec.zone(), spec.options())), watch, watch, settings);
        try {
            link.start();
            watch.done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The time is up: report what was seen.
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            link.close();
        }
        return watch.result(Duration.ofNanos(System.nanoTime() - started), within, spec);
    }

    /** Collects what the link reports; completes {@link #done} when there is enough to answer. */
    private final class Watch implements ReadingSink, LinkListener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final List<Frame> frames = new ArrayList<>();
        private final List<Decoded> readings = new ArrayList<>();
        private volatile boolean connected;
        private volatile String failure;
        private volatile String lastReason = "not started";
        private volatile DeviceIdentity identity;

        @Override
        public void store(Outcome.Accepted accepted) throws Exception {
            throw new ProbeNotStoredException();
        }

        @Override
        public void stateChanged(String deviceId, LinkState state, String reason) {
            lastReason = reason;
            if (state == LinkState.CONNECTED) {
                connected = true;
            } else if (state == LinkState.BACKOFF && failure == null) {
                failure = reason.replaceFirst(" \\(next try in .*\\)$", "");
                done.complete(null);
            }
        }

        @Override
        public void accepted(String deviceId, Outcome.Accepted accepted) {
            frame(accepted);
        }

        @Override
        public void storeFailed(String deviceId, Outcome.Accepted accepted, Exception cause) {
            frame(accepted);
        }

        @Override
        public void rejected(String deviceId, Outcome.Rejected rejected) {
            add(new Frame(clock.instant(), "rejected", rejected.reason().code() + ": " + rejected.detail(),
                    rejected.raw().length, rejected.printable(), hex(rejected.raw())), List.of());
        }

        @Override
        public void identity(String deviceId, DeviceIdentity reported) {
            identity = reported;
        }

        private void frame(Outcome.Accepted a) {
            List<Decoded> decoded = new ArrayList<>();
            a.readings().forEach(r -> r.measurements().forEach(m -> decode(m, decoded)));
            add(new Frame(clock.instant(), "accepted", null, a.raw().length, a.printable(), hex(a.raw())), decoded);
        }

        private synchronized void add(Frame f, List<Decoded> decoded) {
            if (frames.size() < MAX_FRAMES) {
                frames.add(f);
                readings.addAll(decoded);
            }
            if (!decoded.isEmpty() || frames.size() >= MAX_FRAMES) {
                done.complete(null);
            }
        }

        synchronized Result result(Duration took, Duration within, DeviceSpec spec) {
            String where = spec.transport().describe();
            String message;
            if (!connected) {
                message = failure != null ? failure : "could not open " + where + " within " + within.toSeconds()
                        + " s: " + lastReason;
            } else if (frames.isEmpty()) {
                message = "connected to " + where + ", but the instrument sent nothing in " + within.toSeconds()
                        + " s: check that it is switched on and sending" + (spec.transport().kind()
                                == TransportKind.SERIAL ? ", and the baud rate" : "");
            } else {
                long bad = frames.stream().filter(f -> f.outcome().equals("rejected")).count();
                message = "connected to " + where + ": " + frames.size() + " frame(s), " + bad + " rejected, "
                        + readings.size() + " value(s) decoded" + (failure != null ? "; then: " + failure : "");
            }
            return new Result(connected, message, took.toMillis(), List.copyOf(frames), List.copyOf(readings),
                    identity);
        }
    }

    private static void decode(Measurement m, List<Decoded> out) {
        String name = m.deviceCode() == null ? "?" : m.deviceCode().display() != null ? m.deviceCode().display()
                : m.deviceCode().code();
        switch (m.value()) {
            case Value.Quantity q -> out.add(new Decoded(name, q.value().toPlainString(), q.unit()));
            case Value.Text t -> out.add(new Decoded(name, t.text(), null));
            case Value.Coded c -> out.add(new Decoded(name, c.code().display() != null ? c.code().display()
                    : c.code().code(), null));
            case null -> m.components().forEach(c -> decode(c, out));
        }
    }

    private static String hex(byte[] raw) {
        int shown = Math.min(raw.length, Printable.DEFAULT_CAP);
        return HexFormat.ofDelimiter(" ").formatHex(raw, 0, shown) + (shown < raw.length ? " …" : "");
    }

    /** The probe never stores: the instrument gets the negative answer and keeps its measurement. */
    static final class ProbeNotStoredException extends Exception {
        ProbeNotStoredException() {
            super("probe: not stored, the instrument will send it again", null, false, false);
        }
    }
}
