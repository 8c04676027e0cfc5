package org.smartclinic.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A FHIR server in a process of its own ({@link JpaEhr}, or the sandbox started with {@code simulator.jar
 * fhir-sandbox} for benchmarks): started with its output in a log file, ready once the log matches a pattern whose
 * first group is the base URL, stopped with SIGTERM (SIGKILL after 10 s) and killed when the test JVM exits.
 */
public final class EhrProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Thread killer;
    private final String baseUrl;

    private EhrProcess(String name, Process process, Thread killer, String baseUrl) {
        this.name = name;
        this.process = process;
        this.killer = killer;
        this.baseUrl = baseUrl;
    }

    /**
     * Runs {@code command} with its output in {@code log} and waits at most {@code timeout} until the log matches
     * {@code ready}; fails (with the log's tail) if the process exits before or the time runs out.
     */
    public static EhrProcess start(String name, List<String> command, Path log, Pattern ready, Duration timeout) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            Thread killer = new Thread(process::destroyForcibly, name + "-killer");
            Runtime.getRuntime().addShutdownHook(killer);
            EhrProcess started = new EhrProcess(name, process, killer, null);
            String url;
            try {
                url = Awaitility.await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(200))
                        .until(() -> started.readyUrl(log, ready), Objects::nonNull);
            } catch (ConditionTimeoutException e) {
                started.close();
                throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; " + tail(log));
            }
            return new EhrProcess(name, process, killer, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL the server printed. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** CPU time the server's process has used so far (user and system). */
    public Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGTERM, SIGKILL if it is still there after 10 s. */
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

    /** The base URL once the log matches, else null; fails at once if the server exited. */
    private String readyUrl(Path log, Pattern ready) throws IOException {
        Matcher m = ready.matcher(read(log));
        if (m.find()) {
            return m.group(1);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                    + tail(log));
        }
        return null;
    }

    /**
     * {@code relativePath} under the working directory (a module's folder under Maven) or the nearest folder above
     * it that has it: where the project's other modules and their build output are.
     */
    public static Optional<Path> inProject(String relativePath) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relativePath))) {
                return Optional.of(dir.resolve(relativePath));
            }
        }
        return Optional.empty();
    }

    /** The log so far; lenient, as the last character may be half-written. */
    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
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
