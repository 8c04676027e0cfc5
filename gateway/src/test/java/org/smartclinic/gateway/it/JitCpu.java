package org.smartclinic.gateway.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.core.ConditionTimeoutException;

/**
 * The CPU a JVM's JIT compiler threads use, from Linux's per-thread accounting ({@code /proc/<pid>/task/*}: threads
 * named {@code C1/C2 CompilerThre…}, ticks of 1/100 s), so a benchmark can measure compiled code and say what the
 * compilers took meanwhile.
 */
public final class JitCpu {

    private static final Duration WINDOW = Duration.ofSeconds(2);

    private JitCpu() {
    }

    /** CPU time process {@code pid}'s compiler threads have used so far; zero if it is not running. */
    public static Duration of(long pid) {
        if (pid < 0) {
            return Duration.ZERO;
        }
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.contains("CompilerThre")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the threads of process " + pid + " in /proc", e);
        }
        return Duration.ofMillis(ticks * 10);
    }

    /** {@link #of} for this JVM. */
    public static Duration ofThisJvm() {
        return of(ProcessHandle.current().pid());
    }

    /**
     * Waits until process {@code pid}'s compilers have been nearly idle (under 5 % of a CPU) for two seconds, at
     * most {@code max}; returns how long it waited. {@code whose} names the process in the message printed when
     * they are still busy at {@code max} (the measurement then goes on).
     */
    public static Duration awaitSettled(long pid, Duration max, String whose) {
        long start = System.nanoTime();
        Duration[] before = {of(pid)};
        try {
            await(whose + " JIT compilers idle").atMost(max).pollDelay(WINDOW).pollInterval(WINDOW).until(() -> {
                Duration now = of(pid);
                boolean idle = now.minus(before[0]).toMillis() * 20 < WINDOW.toMillis();
                before[0] = now;
                return idle;
            });
        } catch (ConditionTimeoutException e) {
            System.out.println(whose + " JIT compilers were still busy after " + max + "; measuring anyway");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
