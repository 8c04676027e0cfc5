package org.smartclinic.gateway.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

    private final EhrProcess process;

    private JpaEhr(EhrProcess process) {
        this.process = process;
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
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // C1 only: the start (Spring, Hibernate, HAPI) needs about half the CPU, which matters on a 2-core
            // build machine; a test's few hundred requests do not need C2's faster code.
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + workDir,
                    "-cp", classpath, "org.smartclinic.ehr.jpa.JpaEhrServer", "--port", "0"));
            command.addAll(serverArgs);
            return new JpaEhr(EhrProcess.start("JPA EHR", command, workDir.resolve("jpa-ehr.log"), READY,
                    START_TIMEOUT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/fhir} */
    public String baseUrl() {
        return process.baseUrl();
    }

    /** The server's process, e.g. for its CPU time in a benchmark. */
    public EhrProcess process() {
        return process;
    }

    /** SIGTERM (the server stops Jetty, then Spring and H2), SIGKILL if it is still there after 10 s. */
    @Override
    public void close() {
        process.close();
    }

    /** The module, found from the working directory (gateway/ under Maven) or any folder above it. */
    private static Path moduleDir() {
        return EhrProcess.inProject(MODULE + "/pom.xml").map(Path::getParent).orElseThrow(() ->
                new IllegalStateException("no " + MODULE + " in " + Path.of("").toAbsolutePath() + " or above it"));
    }
}
