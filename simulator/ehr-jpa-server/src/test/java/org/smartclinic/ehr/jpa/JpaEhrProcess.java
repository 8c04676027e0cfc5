package org.smartclinic.ehr.jpa;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Starts {@link JpaEhrServer} in a JVM of its own, as the other modules' tests do (the gateway's copy is
 * {@code org.smartclinic.gateway.it.JpaEhr}); in-memory database, output in {@code <workDir>/jpa-ehr.log}.
 */
final class JpaEhrProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("JPA-EHR READY (http://127\\.0\\.0\\.1:\\d+/fhir)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final Thread killer;
    private final String baseUrl;

    private JpaEhrProcess(Process process, Thread killer, String baseUrl) {
        this.process = process;
        this.killer = killer;
        this.baseUrl = baseUrl;
    }

    static JpaEhrProcess start(Path workDir) throws IOException, InterruptedException {
        Path classpathFile = Path.of("target", "jpa-server.classpath");
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(classpathFile.toAbsolutePath() + " is missing: build with ./mvnw -pl simulator/ehr-jpa-server -am verify");
        }
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(classpathFile).strip();
        Files.createDirectories(workDir);
        Path log = workDir.resolve("jpa-ehr.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // C1 only: half the start-up CPU (see docs/ehr-jpa-server.md); the tests' requests do not need C2.
        Process process = new ProcessBuilder(List.of(java, "-Xmx1g", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + workDir, "-cp", classpath,
                JpaEhrServer.class.getName(), "--port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread killer = new Thread(process::destroyForcibly, "jpa-ehr-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        String url;
        try {
            url = Awaitility.await("the JPA EHR's READY line").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> readyUrl(log, process), Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            new JpaEhrProcess(process, killer, null).close();
            throw new IllegalStateException("JPA EHR not ready after " + START_TIMEOUT.toSeconds() + " s; " + tail(log));
        }
        return new JpaEhrProcess(process, killer, url);
    }

    String baseUrl() {
        return baseUrl;
    }

    long pid() {
        return process.pid();
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
            return "last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "its log " + log + " is unreadable: " + e;
        }
    }
}
