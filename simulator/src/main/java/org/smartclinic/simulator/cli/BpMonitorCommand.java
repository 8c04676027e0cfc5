package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smartclinic.simulator.device.bp.Bpm200Twin;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code simulator run bp-monitor}: a BPM-200 blood pressure monitor on a pseudo-terminal. Prints the port, one
 * line per measurement (values and how the gateway answered), and the totals when done or on Ctrl-C.
 */
@Command(name = "bp-monitor", mixinStandardHelpOptions = true,
        description = {"Simulate a BPM-200 blood pressure monitor on a pseudo-terminal.",
            "Point the gateway's device at the --link path; stop with Ctrl-C."})
public final class BpMonitorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--link", required = true, paramLabel = "PATH",
            description = "Symlink to create for the gateway to open, e.g. /tmp/bp1 (replaced if it is a link).")
    Path link;

    @Option(names = "--scenario", defaultValue = "normal", paramLabel = "normal|hypertension|faulty",
            description = "Kind of values; faulty adds bad checksums and line noise. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Measurements to send, 0 = until stopped. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--interval", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Pause between measurements, e.g. 500ms, 2s. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--heartbeat", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Heartbeat period when idle, 0s = none. Default: ${DEFAULT-VALUE}.")
    Duration heartbeat;

    @Option(names = "--ack-timeout", defaultValue = "1s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Wait for ACK/NAK before retransmitting. Default: ${DEFAULT-VALUE}.")
    Duration ackTimeout;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for reproducible values.")
    Long seed;

    @Option(names = "--unit", defaultValue = "mmHg", paramLabel = "mmHg|kPa",
            description = "Pressure unit the device shows. Default: ${DEFAULT-VALUE}.")
    String unit;

    @Option(names = "--bad-checksum-every", paramLabel = "N",
            description = "Corrupt the checksum of every N-th measurement's first transmission (0 = never).")
    Integer badChecksumEvery;

    @Option(names = "--garbage-every", paramLabel = "N",
            description = "Send line noise before every N-th measurement (0 = never).")
    Integer garbageEvery;

    @Option(names = "--unplug-after", paramLabel = "N",
            description = "Unplug after the N-th acknowledged measurement, then plug in again.")
    Integer unplugAfter;

    @Option(names = "--replug-after", defaultValue = "1s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How long to stay unplugged. Default: ${DEFAULT-VALUE}.")
    Duration replugAfter;

    @Override
    public Integer call() throws InterruptedException {
        // The twin logs its plugging at INFO; on the console the progress lines below say it better.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        Bpm200Twin.Builder builder = builder(new Progress(out, count, done));
        Bpm200Twin twin;
        try {
            twin = builder.start();
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("Cannot create the simulated port: " + e.getMessage());
            err.println("Check that the --link folder is writable and that /dev/ptmx is available.");
            err.flush();
            return 1;
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread onTerm = new Thread(() -> awaitMain(done, finished), "bp-monitor-shutdown");
        Runtime.getRuntime().addShutdownHook(onTerm);
        Object previousInt = onCtrlC(done);
        try (twin) {
            out.printf("BPM-200 twin, scenario %s, unit %s, %s, every %s%n", scenario.toLowerCase(Locale.ROOT),
                    unit, count == 0 ? "until stopped" : count + " measurement(s)", human(interval));
            out.printf("Port: %s -> %s  (open this path in the gateway; Ctrl-C to stop)%n", twin.link(),
                    twin.slavePath().map(Path::toString).orElse("?"));
            out.flush();
            done.await();
        } finally {
            restoreCtrlC(previousInt);
        }
        Bpm200Twin.Stats s = twin.stats();
        out.printf("Stats: sent %d, acked %d, nakked %d, timeouts %d, retransmissions %d, given up %d,"
                + " frames written %d%n", s.measurementsSent(), s.acked(), s.nakked(), s.timeouts(),
                s.retransmissions(), s.givenUp(), s.framesWritten());
        out.flush();
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(onTerm);
        } catch (IllegalStateException e) {
            // Already shutting down (SIGTERM): the hook is running and returns now that we are finished.
        }
        return 0;
    }

    /**
     * Ctrl-C ends the run like reaching the count: the main thread closes the twin, prints the totals and exits
     * with 0; a second Ctrl-C exits at once. The JDK's signal API ({@code sun.misc.Signal}, module
     * jdk.unsupported) is reached by reflection so the build stays free of internal-API warnings; without it,
     * Ctrl-C takes the shutdown-hook path (totals printed, exit code 130).
     */
    private static Object onCtrlC(CountDownLatch done) {
        Runnable action = () -> {
            if (done.getCount() == 0) {
                Runtime.getRuntime().halt(130);
            }
            done.countDown();
        };
        try {
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = java.lang.reflect.Proxy.newProxyInstance(handlerType.getClassLoader(),
                    new Class<?>[] {handlerType}, (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "bp-monitor Ctrl-C handler";
                    });
            return handleInt(handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void restoreCtrlC(Object previous) {
        if (previous != null) {
            try {
                handleInt(previous);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // The process is ending anyway; the old handler only matters when embedded.
            }
        }
    }

    private static Object handleInt(Object handler) throws ReflectiveOperationException {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Object interrupt = signalType.getConstructor(String.class).newInstance("INT");
        return signalType.getMethod("handle", signalType, handlerType).invoke(null, interrupt, handler);
    }

    /** On SIGTERM: let the main thread close the twin and print the totals, for at most a few seconds. */
    private static void awaitMain(CountDownLatch done, CountDownLatch finished) {
        done.countDown();
        try {
            finished.await(7, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Bpm200Twin.Builder builder(Progress progress) {
        Bpm200Twin.Builder b;
        try {
            b = Bpm200Twin.builder(link).scenario(Bpm200Twin.Scenario.valueOf(scenario.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "Unknown --scenario '" + scenario + "': use normal, hypertension or faulty.");
        }
        try {
            b.count(count).interval(interval).heartbeat(heartbeat).ackTimeout(ackTimeout).unit(unit)
                    .listener(progress);
            if (seed != null) {
                b.seed(seed);
            }
            if (badChecksumEvery != null) {
                b.badChecksumEvery(badChecksumEvery);
            }
            if (garbageEvery != null) {
                b.garbageEvery(garbageEvery);
            }
            if (unplugAfter != null) {
                b.unplugAfter(unplugAfter, replugAfter);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
        }
        return b;
    }

    /** Prints one line per settled measurement and per plug event; releases {@code done} after the last one. */
    private record Progress(PrintWriter out, int count, CountDownLatch done, AtomicInteger plugs)
            implements Bpm200Twin.Listener {

        Progress(PrintWriter out, int count, CountDownLatch done) {
            this(out, count, done, new AtomicInteger());
        }

        @Override
        public void plugged(Path slave) {
            if (plugs.incrementAndGet() > 1) {
                line("plugged in again: " + slave);
            }
        }

        @Override
        public void unplugged() {
            line("unplugged");
        }

        @Override
        public void settled(Bpm200Twin.Settled s) {
            Bpm200Twin.SentMeasurement m = s.measurement();
            String[] f = m.body().split(",", -1);
            String answer = s.acked() ? "ACK" : "GIVEN UP";
            if (s.naks() > 0 || s.timeouts() > 0) {
                answer += " after " + String.join(" and ", java.util.stream.Stream.of(
                        plural(s.naks(), "NAK"), plural(s.timeouts(), "timeout")).filter(t -> !t.isEmpty()).toList());
            }
            line(String.format("#%d seq %s %s  %s/%s%s %s  pulse %s  %s", m.number(), f[1],
                    m.deviceTime().toString().replace('T', ' '), f[3],
                    f[4], f[5].isEmpty() ? "" : " (" + f[5] + ")", f[7], f[6].isEmpty() ? "-" : f[6], answer));
            if (count > 0 && m.number() >= count) {
                done.countDown();
            }
        }

        private static String plural(int n, String what) {
            return n == 0 ? "" : n + " " + what + (n == 1 ? "" : "s");
        }

        private void line(String text) {
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 || ms % 1000 != 0 ? ms + " ms" : ms / 1000 + " s";
    }

    /** Durations as people type them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, or ISO {@code PT2S}. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                BigDecimal amount = new BigDecimal(m.group(1));
                BigDecimal millis = switch (m.group(2)) {
                    case "ms" -> amount;
                    case "s" -> amount.movePointRight(3);
                    case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
                    default -> amount.multiply(BigDecimal.valueOf(3_600_000));
                };
                return Duration.ofMillis(millis.longValue());
            }
            try {
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 2s, 1m");
            }
        }
    }
}
