package org.smartclinic.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a benchmark's processes run on this machine: the gateway on CPU 0, this JVM (the load generator, the
 * viewers, an in-process EHR) and every process it starts from then on (they inherit it) on the other CPUs. In a
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
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", others,
                    String.valueOf(ProcessHandle.current().pid())).redirectErrorStream(true).start();
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
        return "gateway pinned to CPU " + GATEWAY_CPUS + ", the benchmark's JVM and what it starts to CPU " + others;
    }

    /** Whether {@link #pinThisJvmAwayFromTheGateway} pinned, from its description. */
    static boolean pinned(String description) {
        return description.startsWith("gateway pinned");
    }
}
