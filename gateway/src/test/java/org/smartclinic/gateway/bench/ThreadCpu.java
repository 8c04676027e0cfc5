package org.smartclinic.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Where a process's CPU went, by thread, for benchmark tables. */
final class ThreadCpu {

    /** Linux's clock tick ({@code getconf CLK_TCK}), the unit of {@code /proc/.../stat} times. */
    private static final long TICK_MILLIS = 10;

    private ThreadCpu() {
    }

    /**
     * CPU time (user and system, in clock ticks) process {@code pid}'s threads have used so far, summed by the
     * thread's name without its number ({@code link-bp-3} and {@code link-bp-12} count as {@code link-bp-}), from
     * {@code /proc}: kernel time spent for a thread (socket writes, fsync) counts too. Empty where there is no
     * {@code /proc} or no such process; names are as Linux keeps them, at most 15 characters.
     */
    static Map<String, Long> ticks(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close).replaceAll("[0-9]+$", "");
                String[] f = stat.substring(close + 2).split(" ");
                // After the name: state is field 3 of stat, utime 14 and stime 15.
                ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /**
     * The 8 thread names that used most CPU between two {@link #ticks} snapshots, in % of one CPU over
     * {@code window}.
     */
    static String busiest(Map<String, Long> before, Map<String, Long> after, Duration window) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(),
                        e.getValue() * TICK_MILLIS * 100.0 / window.toMillis()))
                .collect(Collectors.joining(", "));
    }

    /** CPU time of this JVM, to see whether a load generator kept up. */
    static long ownProcessNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Lowers the OS priority of this process's threads whose name (as /proc keeps it, at most 15 characters)
     * starts with {@code prefix}, with util-linux's {@code renice}; returns how many. Linux only.
     */
    static int renice(String prefix, int nice) {
        List<String> cmd = new ArrayList<>(List.of("renice", "--priority", Integer.toString(nice), "--pid"));
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException gone) {
                    continue;
                }
                if (name.startsWith(prefix)) {
                    cmd.add(task.getFileName().toString());
                }
            }
            int threads = cmd.size() - 4;
            if (threads > 0) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException("renice failed: " + out.strip());
                }
            }
            return threads;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while renicing " + prefix, e);
        }
    }
}
