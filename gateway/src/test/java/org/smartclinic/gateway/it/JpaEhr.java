package org.smartclinic.gateway.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A full HAPI FHIR JPA server (module {@code simulator/ehr-jpa-server}) in a JVM of its own: the reference "real
 * EHR". Spring and Hibernate stay in that JVM; this class only needs the module's {@code target/classes} and the
 * classpath file its build writes. In-memory database (every start is an empty EHR); output in
 * {@code <workDir>/jpa-ehr.log}. Takes 35-45 s (more on a busy machine) and ~0.8 GB: start one per test class.
 * Searches return at most 50 entries per page: follow {@code next} links. See docs/ehr-jpa-server.md. The module's
 * own smoke test has a twin of this class ({@code JpaEhrProcess}).
 */
public final class JpaEhr implements AutoCloseable {

    private static final String MODULE = "simulator/ehr-jpa-server";
    private static final Pattern READY = Pattern.compile("JPA-EHR READY (http://127\\.0\\.0\\.1:\\d+/fhir)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final Thread killer;
    private final String baseUrl;

    private JpaEhr(Process process, Thread killer, String baseUrl) {
        this.process = process;
        this.killer = killer;
        this.baseUrl = baseUrl;
    }

    /** Starts the server and waits (up to 180 s) until it prints its READY line. */
    public static JpaEhr start(Path workDir) {
        return start(workDir, List.of());
    }

    /**
     * As {@link #start(Path)}, with more arguments for the server, e.g. {@code --auth-server <url>} to require
     * that token server's bearer tokens.
     */
    public static JpaEhr start(Path workDir, List<String> serverArgs) {
        Path module = moduleDir();
        Path classpathFile = module.resolve("target/jpa-server.classpath");
        Path classes = module.resolve("target/classes");
        if (!Files.isRegularFile(classpathFile) || !Files.isDirectory(classes)) {
            throw new IllegalStateException(classpathFile + " or " + classes + " is missing: build the JPA EHR with "
                    + "./mvnw -pl gateway -am verify (it builds " + MODULE + " before the gateway)");
        }
        try {
            String classpath = classes + File.pathSeparator + Files.readString(classpathFile).strip();
            Files.createDirectories(workDir);
            Path log = workDir.resolve("jpa-ehr.log");
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // C1 only: the start (Spring, Hibernate, HAPI) needs about half the CPU, which matters on a 2-core
            // build machine; a test's few hundred requests do not need C2's faster code.
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + workDir,
                    "-cp", classpath, "org.smartclinic.ehr.jpa.JpaEhrServer", "--port", "0"));
            command.addAll(serverArgs);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Thread killer = new Thread(process::destroyForcibly, "jpa-ehr-killer");
            Runtime.getRuntime().addShutdownHook(killer);
            String url;
            try {
                url = Awaitility.await("the JPA EHR's READY line").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                        .until(() -> readyUrl(log, process), Objects::nonNull);
            } catch (ConditionTimeoutException e) {
                new JpaEhr(process, killer, null).close();
                throw new IllegalStateException("JPA EHR not ready after " + START_TIMEOUT.toSeconds() + " s; "
                        + tail(log));
            }
            return new JpaEhr(process, killer, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/fhir} */
    public String baseUrl() {
        return baseUrl;
    }

    /** SIGTERM (the server stops Jetty, then Spring and H2), SIGKILL if it is still there after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing left to do
        }
    }

    /** The module, found from the working directory (gateway/ under Maven) or any folder above it. */
    private static Path moduleDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MODULE).resolve("pom.xml"))) {
                return dir.resolve(MODULE);
            }
        }
        throw new IllegalStateException("no " + MODULE + " in " + Path.of("").toAbsolutePath() + " or above it");
    }

    /** The log so far; lenient, as the last character may be half-written. */
    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    /** The base URL once the READY line is in the log, else null; fails at once if the server exited. */
    private static String readyUrl(Path log, Process process) throws IOException {
        Matcher ready = READY.matcher(read(log));
        if (ready.find()) {
            return ready.group(1);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("JPA EHR exited with " + process.exitValue() + " before it was ready; "
                    + tail(log));
        }
        return null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = read(log).lines().toList();
            return "last lines of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "its log " + log + " is unreadable: " + e;
        }
    }
}
