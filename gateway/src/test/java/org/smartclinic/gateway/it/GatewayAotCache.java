package org.smartclinic.gateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A JDK AOT cache (JEP 483/514, JDK 25: classes loaded and linked, method profiles) for the gateway jar the tests
 * start, so each of the ~150 gateway starts of a test run takes about 40 % less time (measured: 5.5 s to 3.4 s to
 * liveness on the 2-core build machine under load, C1 only). Made once per build by one training start of the jar
 * (started, logged in, stopped with SIGTERM, when the JVM writes the cache) under {@code target/gateway-aot/},
 * named after the jar's build time, so a rebuilt jar gets a fresh one; later test JVMs of the same build reuse it.
 * Only start-up changes: the gateway's code and configuration are the same, and a cache the JVM finds unusable is
 * ignored with a warning in the gateway's log, never an error. On where {@code -Dgateway.aot-cache=true} (the gateway
 * module's failsafe configuration: ~150 starts pay for the one training start; the demo's one or two would not).
 */
final class GatewayAotCache {

    private static final int MIN_JAVA = 25;
    private static Optional<String> option;

    private GatewayAotCache() {
    }

    /** {@code -XX:AOTCache=<file>} for starts of {@code jar}, training one first if there is none; empty if off. */
    static synchronized Optional<String> jvmOption(Path jar) {
        if (option == null) {
            option = Boolean.parseBoolean(System.getProperty("gateway.aot-cache", "false"))
                    && Runtime.version().feature() >= MIN_JAVA ? cacheFor(jar).map(f -> "-XX:AOTCache=" + f)
                    : Optional.empty();
        }
        return option;
    }

    /** The cache file, made under a file lock so that test JVMs running side by side train only once. */
    private static Optional<Path> cacheFor(Path jar) {
        try {
            Path dir = jar.toAbsolutePath().getParent().resolveSibling("gateway-aot");
            Files.createDirectories(dir);
            Path cache = dir.resolve("gateway-" + Files.getLastModifiedTime(jar).toMillis() + ".aot");
            try (FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                if (!Files.isRegularFile(cache)) {
                    train(dir, cache);
                }
            }
            return Files.isRegularFile(cache) ? Optional.of(cache) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // A start-up speed-up only: without it the tests run as before, slower.
            System.err.println("gateway AOT cache not made, gateways start without it: " + e);
            return Optional.empty();
        }
    }

    /** One start of the jar as the tests start it (accounts made, logins), then a graceful stop writes the cache. */
    private static void train(Path dir, Path cache) throws IOException {
        long began = System.nanoTime();
        Path training = dir.resolve("training");
        Path partial = dir.resolve("training.aot");
        Files.deleteIfExists(partial);
        GatewayProcess gateway = GatewayProcess.withoutAotCache(training.resolve("data-" + System.nanoTime()))
                .property("smartclinic.fhir.base-url", "http://127.0.0.1:9/fhir")
                .jvmOption("-XX:AOTCacheOutput=" + partial);
        try {
            gateway.start();
        } finally {
            gateway.close();
        }
        if (!Files.isRegularFile(partial)) {
            throw new UncheckedIOException(new IOException("the training start wrote no " + partial + "; see "
                    + gateway.dataDir()));
        }
        Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
        try (var old = Files.list(dir)) {
            // ~90 MB each, for jars of earlier builds
            for (Path stale : old.filter(p -> p.getFileName().toString().endsWith(".aot") && !p.equals(cache))
                    .toList()) {
                Files.deleteIfExists(stale);
            }
        }
        System.out.printf("gateway AOT cache %s made in %d ms%n", cache, (System.nanoTime() - began) / 1_000_000);
    }
}
