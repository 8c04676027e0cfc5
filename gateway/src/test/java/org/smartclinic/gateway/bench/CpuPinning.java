package org.smartclinic.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a benchmark's processes run on this machine: the gateway on CPU 0, this JVM (the load generator, the
 * viewers) and every process it starts from then on (they inherit it: the broker, an EHR) on the other CPUs. In a
 * clinic the instruments, the viewers' browsers and the EHR are other machines; sharing the CPUs, they would take
 * the gateway's CPU and be counted against it, and it would take theirs.
 */
final class CpuPinning {

    /** The gateway's CPU list when pinned. */
    static final String GATEWAY_CPUS = "0";

    private CpuPinning() {
    }

    /**
     * Pins this JVM (all its threads) to CPUs 1.. and returns a description, or leaves everything as it is when
     * {@code enabled} is false or the machine has one CPU; {@link #pinned} says which.
     */
    static String pinThisJvmAwayFromTheGateway(boolean enabled) {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (!enabled || cpus < 2) {
            return "not pinned: the gateway and the rest share " + cpus + " CPUs";
        }
        String others = cpus == 2 ? "1" : "1-" + (cpus - 1);
        taskset(List.of("taskset", "-a", "-p", "-c", others, String.valueOf(ProcessHandle.current().pid())));
        return "gateway pinned to CPU " + GATEWAY_CPUS + ", the benchmark's JVM and what it starts to CPU " + others;
    }

    /**
     * Moves the calling (platform) thread to the gateway's CPU: where a benchmark's stand-in for the gateway (the
     * plain client posting a server's own ingest) must run when everything is pinned, so that it does not share the
     * EHR's CPU while the gateway did not.
     */
    static void moveThisThreadToTheGatewaysCpu() {
        try {
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            taskset(List.of("taskset", "-p", "-c", GATEWAY_CPUS, tid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void taskset(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("taskset failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@link #pinThisJvmAwayFromTheGateway} pinned, from its description. */
    static boolean pinned(String description) {
        return description.startsWith("gateway pinned");
    }
}
