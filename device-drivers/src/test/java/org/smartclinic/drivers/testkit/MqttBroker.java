package org.smartclinic.drivers.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT broker for tests, on a free loopback port: Mosquitto when it is installed (found on the
 * {@code PATH} or at {@code /usr/sbin/mosquitto}), started as a child process with a generated configuration
 * ({@code listener <port> 127.0.0.1}, {@code allow_anonymous}, {@code persistence false}, {@code log_dest stderr},
 * and a password file and ACL when a test asks for them), its stderr written to
 * {@code target/mqtt-broker/mosquitto-<port>.log}; otherwise the in-process Moquette broker (MQTT 3.1.1). It says
 * which on standard output. System property {@value #KIND_PROPERTY} or environment variable
 * {@value #KIND_VARIABLE} ({@code mosquitto} or {@code moquette}) forces one.
 *
 * <p>A test can ask Mosquitto for a second listener with TLS ({@link Builder#tls}), on another free loopback port,
 * serving a certificate from {@link TestCertificates}: {@link #tlsUrl()} is for the client under test, while the
 * plain {@link #url()} stays for the test's own publisher. Both listeners take the same clients.
 *
 * <p>{@link #stop()} takes the broker away (a broker outage: connections drop, and neither broker keeps sessions
 * over a restart because persistence is off); {@link #start()} brings it back on the same port. A JVM shutdown hook
 * kills any Mosquitto still running, so none survives a test run.
 */
public final class MqttBroker implements AutoCloseable {

    /** Which broker. */
    public enum Kind { MOSQUITTO, MOQUETTE }

    /** System property forcing the broker kind: {@code mosquitto} or {@code moquette}. */
    public static final String KIND_PROPERTY = "smartclinic.test.mqtt-broker";

    /** Environment variable with the same effect, for runs through Maven: {@code SMARTCLINIC_TEST_MQTT_BROKER}. */
    public static final String KIND_VARIABLE = "SMARTCLINIC_TEST_MQTT_BROKER";

    private static final Duration START_WAIT = Duration.ofSeconds(10);
    private static final Set<MqttBroker> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(MqttBroker::stop), "mqtt-broker-reaper"));
        // Moquette and Netty are chatty at INFO; their warnings are enough in a test log.
        System.setProperty("org.slf4j.simpleLogger.log.io.moquette",
                System.getProperty("org.slf4j.simpleLogger.log.io.moquette", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.io.netty",
                System.getProperty("org.slf4j.simpleLogger.log.io.netty", "warn"));
    }

    private final Kind kind;
    private final int port;
    private final Path dir;
    private final Map<String, String> users;
    private final boolean allowAnonymous;
    private final String acl;
    private final MqttBrokerFiles.TlsListener tls;
    private Process process;
    private MoquetteBroker moquette;

    private MqttBroker(Builder b, int port) {
        this.kind = b.kind;
        this.port = port;
        this.tls = b.tls == null ? null : new MqttBrokerFiles.TlsListener(freePortOtherThan(port), b.tls);
        this.users = Map.copyOf(b.users);
        this.allowAnonymous = b.allowAnonymous != null ? b.allowAnonymous : users.isEmpty();
        this.acl = b.acl;
        this.dir = Path.of(System.getProperty("basedir", "."), "target", "mqtt-broker");
    }

    /** Mosquitto when installed, else Moquette (or as {@value #KIND_PROPERTY} says); anonymous access. */
    public static MqttBroker startDefault() {
        return builder().start();
    }

    /** The in-process Moquette broker. */
    public static MqttBroker startMoquette() {
        return builder().kind(Kind.MOQUETTE).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Mosquitto executable, if installed. */
    public static Optional<Path> mosquittoExecutable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String folder : (path + ":/usr/sbin:/usr/local/sbin").split(":")) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, "mosquitto");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static boolean mosquittoInstalled() {
        return mosquittoExecutable().isPresent();
    }

    /** Why a Mosquitto-only test is skipped here, for {@code Assumptions.assumeTrue(installed, reason)}. */
    public static String mosquittoMissing() {
        return "mosquitto is not installed (not on the PATH nor at /usr/sbin/mosquitto; apt-get install mosquitto)";
    }

    public Kind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** {@code ssl://127.0.0.1:<TLS port>}, for a broker built with {@link Builder#tls}. */
    public String tlsUrl() {
        if (tls == null) {
            throw new IllegalStateException(url() + " has no TLS listener: build it with"
                    + " MqttBroker.builder().tls(...)");
        }
        return "ssl://127.0.0.1:" + tls.port();
    }

    /** Mosquitto's stderr, or empty for Moquette (it logs through SLF4J). */
    public Optional<Path> logFile() {
        return kind == Kind.MOSQUITTO ? Optional.of(dir.resolve("mosquitto-" + port + ".log")) : Optional.empty();
    }

    public synchronized boolean isRunning() {
        return moquette != null || (process != null && process.isAlive());
    }

    /** Starts the broker (again) on its port; nothing if it runs. */
    public synchronized MqttBroker start() {
        if (isRunning()) {
            return this;
        }
        try {
            Files.createDirectories(dir);
            if (kind == Kind.MOSQUITTO) {
                process = startMosquitto();
            } else {
                moquette = MoquetteBroker.start(port, dir.resolve("moquette-" + port), allowAnonymous,
                        users.isEmpty() ? null : MqttBrokerFiles.moquettePasswords(dir, port, users));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + kind + " on port " + port + ": " + e.getMessage(), e);
        }
        RUNNING.add(this);
        await("MQTT broker " + kind + " accepting on " + port).atMost(START_WAIT).pollInterval(Duration.ofMillis(20))
                .until(this::accepting);
        return this;
    }

    /** Stops the broker, like an outage: clients see their connections drop. Idempotent. */
    public synchronized void stop() {
        RUNNING.remove(this);
        if (moquette != null) {
            moquette.stop();
            moquette = null;
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " at " + url() + (tls == null ? "" : " and " + tlsUrl());
    }

    private Process startMosquitto() throws IOException {
        Path exe = mosquittoExecutable().orElseThrow(() -> new IOException(mosquittoMissing()));
        Path conf = MqttBrokerFiles.mosquittoConfig(dir, port, allowAnonymous, users, acl, tls);
        Path log = logFile().orElseThrow();
        Process p = new ProcessBuilder(exe.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        p.getOutputStream().close();
        return p;
    }

    /** True once every listener accepts TCP connections; fails at once if Mosquitto exited instead. */
    private boolean accepting() {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + logTail());
        }
        return accepting(port) && (tls == null || accepting(tls.port()));
    }

    private static boolean accepting(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTail() {
        try {
            String text = Files.readString(logFile().orElseThrow(), StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static int freePortOtherThan(int taken) {
        int free = freePort();
        return free != taken ? free : freePortOtherThan(taken);
    }

    /** A broker to start: its kind, users, ACL and TLS listener. */
    public static final class Builder {
        private Kind kind;
        private final Map<String, String> users = new LinkedHashMap<>();
        private Boolean allowAnonymous;
        private String acl;
        private TestCertificates tls;

        private Builder() {
            String forced = System.getProperty(KIND_PROPERTY, System.getenv().getOrDefault(KIND_VARIABLE, ""))
                    .strip().toLowerCase(Locale.ROOT);
            kind = forced.isEmpty() || forced.equals("auto")
                    ? (mosquittoInstalled() ? Kind.MOSQUITTO : Kind.MOQUETTE) : Kind.valueOf(forced.toUpperCase(Locale.ROOT));
        }

        public Builder kind(Kind value) {
            kind = Objects.requireNonNull(value, "kind");
            return this;
        }

        /** A user with a password; with users, anonymous clients are refused unless {@link #allowAnonymous}. */
        public Builder user(String name, String password) {
            users.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "password"));
            return this;
        }

        public Builder allowAnonymous(boolean value) {
            allowAnonymous = value;
            return this;
        }

        /** Mosquitto ACL file text ({@code user ...}, {@code topic read ...}, {@code pattern write ...}). */
        public Builder acl(String text) {
            acl = Objects.requireNonNull(text, "acl");
            return this;
        }

        /**
         * A second listener with TLS on another free loopback port, serving {@code certificates}' chain and key:
         * Mosquitto only (tests first {@code Assumptions.assumeTrue(mosquittoInstalled(), mosquittoMissing())}).
         */
        public Builder tls(TestCertificates certificates) {
            tls = Objects.requireNonNull(certificates, "certificates");
            return this;
        }

        /** Starts the broker on a free loopback port and says which it is on standard output. */
        public MqttBroker start() {
            if (acl != null && kind != Kind.MOSQUITTO) {
                throw new IllegalStateException("ACL files are supported with mosquitto only here");
            }
            if (tls != null && kind != Kind.MOSQUITTO) {
                throw new IllegalStateException("a TLS listener is supported with mosquitto only here, not with "
                        + kind + " (tests assume mosquittoInstalled() and ask for Kind.MOSQUITTO)");
            }
            if (kind == Kind.MOQUETTE && !MoquetteBroker.available()) {
                throw new IllegalStateException(mosquittoMissing() + ", and Moquette (io.moquette:moquette-broker)"
                        + " is not on the test class path either");
            }
            MqttBroker broker = new MqttBroker(this, freePort()).start();
            System.out.println("MQTT test broker: " + broker + (kind == Kind.MOSQUITTO ? " ("
                    + mosquittoExecutable().orElseThrow() + ", log " + broker.logFile().orElseThrow() + ")"
                    : " (in-process Moquette, MQTT 3.1.1)"));
            return broker;
        }
    }
}
