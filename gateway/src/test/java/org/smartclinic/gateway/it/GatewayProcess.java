package org.smartclinic.gateway.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway as users run it: the built {@code quarkus-run.jar} in a JVM of its own, configured with system
 * properties, so tests can kill it (as a crash would) and start it again on the same data folder.
 * Output goes to {@code <data dir>/gateway-<n>.log} for reading after a failure.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
    private final int port;
    private Process process;
    private int starts;
    private boolean staffAccounts = true;
    private String cpus;
    private boolean aotCache = true;
    /** Size of the disk of its own the data folder is on ({@link #onDiskOf}), or null: this machine's disk. */
    private String diskSize;

    public GatewayProcess(Path dataDir) {
        this.dataDir = dataDir;
        this.port = freePort();
        property("quarkus.http.port", String.valueOf(port));
        property("smartclinic.data-dir", dataDir.toString());
        property("smartclinic.uplink.initial-backoff", "200ms");
        property("smartclinic.uplink.max-backoff", "1s");
        property("smartclinic.uplink.poll-interval", "500ms");
        // Readings measured within this of an exam's opening or closing are held; tests open exams and measure
        // at once (GatewayApi.openExam waits it out).
        property("smartclinic.binding.tolerance", "1s");
        // Test accounts only: fewer PBKDF2 rounds, so each start's logins take milliseconds, not seconds.
        property("smartclinic.security.password-iterations", "10000");
        // The tests' own processes (browser, twins, EHR, this JVM) share the machine and would starve event loops in
        // the idle scheduling class; LiveWebSocketIT and the live benchmark turn it on as production has it.
        property("smartclinic.live.event-loops-yield", "false");
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    }

    /** A gateway that starts without the tests' AOT cache: the one start that trains it. */
    static GatewayProcess withoutAotCache(Path dataDir) {
        GatewayProcess gateway = new GatewayProcess(dataDir);
        gateway.aotCache = false;
        return gateway;
    }

    public GatewayProcess property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** Adds a JVM option for the next starts, e.g. {@code -XX:TieredStopAtLevel=1} for tests that restart often. */
    public GatewayProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * Records the gateway with JFR into {@code file} (for benchmarks): the profile settings with CPU-time samples,
     * stacks of up to 512 frames (HAPI's encoder and Paho's reader are deeper than JFR's default 64, which cut the
     * gateway's own frames off).
     */
    public GatewayProcess flightRecording(Path file) {
        return jvmOption("-XX:FlightRecorderOptions:stackdepth=512")
                .jvmOption("-XX:StartFlightRecording=settings=profile,jdk.CPUTimeSample#enabled=true,filename="
                        + file.toAbsolutePath());
    }

    /** Sets {@code smartclinic.devices.<id>.<key>}. */
    public GatewayProcess deviceProperty(String id, String key, String value) {
        return property("smartclinic.devices." + id + "." + key, value);
    }

    /** Registers a device on transport {@code transport}; add its transport's settings with {@link #deviceProperty}. */
    public GatewayProcess device(String id, String driver, String station, String transport) {
        deviceProperty(id, "driver", driver);
        deviceProperty(id, "station", station);
        return deviceProperty(id, "transport", transport);
    }

    /** Registers a serial device: {@code smartclinic.devices.<id>.*}. */
    public GatewayProcess device(String id, String driver, String station, Path port) {
        property("smartclinic.devices." + id + ".driver", driver);
        property("smartclinic.devices." + id + ".station", station);
        property("smartclinic.devices." + id + ".serial.port", port.toString());
        return property("smartclinic.devices." + id + ".serial-number", "SN-" + id);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Leaves the gateway without accounts, as a clinic finds it: for the first-run setup test. */
    public GatewayProcess withoutStaffAccounts() {
        staffAccounts = false;
        return this;
    }

    /**
     * Runs the gateway on these CPUs only ({@code taskset -c}, e.g. {@code "0"}): a benchmark keeps its own load
     * (instrument twins, viewers) off the gateway's cores, as it would be on other machines in a clinic.
     */
    public GatewayProcess pinnedTo(String cpuList) {
        cpus = cpuList;
        return this;
    }

    /**
     * Runs the gateway with its data folder on a disk of its own of {@code size} (e.g. {@code "48m"}), which a test can
     * really fill: a tmpfs mounted in a user and mount namespace only the gateway sees ({@code unshare -rm}), reached
     * from the test through {@link #visibleDataDir()}. It ends with the process, journal included: one start only.
     */
    public GatewayProcess onDiskOf(String size) {
        diskSize = size;
        return this;
    }

    /** Whether this machine lets {@link #onDiskOf} mount its disk (Linux with user namespaces, {@code unshare}). */
    public static boolean diskOfItsOwnPossible() {
        return OwnDisk.possible();
    }

    /** The data folder as this test sees it: the gateway's own disk through its {@code /proc/<pid>/root}. */
    public Path visibleDataDir() {
        return diskSize == null ? dataDir : OwnDisk.seenFromOutside(process.pid(), dataDir);
    }

    /** Starts the jar and waits until it answers its liveness check (and makes the test accounts, see {@link Staff}). */
    public GatewayProcess start() {
        startOnly();
        if (staffAccounts) {
            Staff.bootstrap(baseUrl(), visibleDataDir());
        }
        return this;
    }

    /**
     * Starts the jar and waits until it answers its liveness check, without the test accounts' logins: for restarts
     * whose API nobody calls before the next crash (a kill cycle saves half a second to a second of each).
     */
    public GatewayProcess startOnly() {
        String jar = System.getProperty("gateway.app.jar", "target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException(jar + " is missing: run the tests with ./mvnw verify (it builds the jar first)");
        }
        List<String> cmd = new ArrayList<>();
        if (diskSize != null) {
            cmd.addAll(OwnDisk.mountingOver(dataDir, diskSize));
        }
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        if (aotCache) {
            GatewayAotCache.jvmOption(Path.of(jar)).ifPresent(cmd::add);
        }
        cmd.add("-Djava.io.tmpdir=" + dataDir);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar);
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("gateway-" + (++starts) + ".log");
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("gateway start").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("gateway-" + starts + ".log"));
            }
            return status("/q/health/live") == 200;
        });
        return this;
    }

    /** As a crash: SIGKILL, no shutdown hooks, no flush. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** As an operator: SIGTERM, graceful; a gateway still running after {@link BoundedStop#LIMIT} fails the test. */
    public void stop() {
        if (process != null && process.isAlive()) {
            BoundedStop.stop(process, dataDir);
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int status(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            keepLogs();
        }
    }

    /** Copies this gateway's logs to {@code target/gateway-logs/}, since the test's data folder is deleted after it. */
    private void keepLogs() {
        Path kept = Path.of("target", "gateway-logs", dataDir.getParent().getFileName() + "-"
                + dataDir.getFileName());
        try (var logs = Files.list(dataDir)) {
            Files.createDirectories(kept);
            for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("gateway logs of " + dataDir + " not kept: " + e);
        }
    }

    /** CPU time the gateway's process has used so far (user and system), for benchmarks; zero if not running. */
    public java.time.Duration cpuTime() {
        return process == null ? java.time.Duration.ZERO
                : process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /** CPU time the gateway's JIT compiler threads have used so far ({@link JitCpu}); zero if not running. */
    public Duration jitCpuTime() {
        return JitCpu.of(pid());
    }

    /**
     * Waits until the gateway's JIT compilers have been nearly idle for two seconds, at most {@code max}; returns
     * how long it waited ({@link JitCpu#awaitSettled}). A benchmark's measured phase then runs compiled code, as a
     * gateway in service for hours does: on two cores the one C2 thread is still working through its queue well
     * after a warm-up, and took 38-41 % of the gateway's CPU during a drain measured right after one of
     * 10,000-40,000 readings.
     */
    public Duration awaitJitSettled(Duration max) {
        return JitCpu.awaitSettled(pid(), max, "the gateway's");
    }

    /** The gateway's process id; -1 if it is not running. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
