package org.smartclinic.gateway.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway stopped as an operator stops it (SIGTERM), waited for at most {@link #LIMIT}: a test never hangs on a
 * gateway that does not exit. Past the limit its threads are dumped next to its logs, it is killed, and the test
 * fails saying so.
 */
final class BoundedStop {

    /** Well beyond the gateway's own {@code smartclinic.shutdown-limit} (30 s), after which it halts itself. */
    static final Duration LIMIT = Duration.ofSeconds(90);

    /** The exit code of a gateway whose shutdown watchdog halted it ({@code ShutdownWatchdog.EXIT_CODE}). */
    private static final int HALTED = 124;

    private BoundedStop() {
    }

    static void stop(Process process, Path logDir) {
        process.destroy();
        if (waitFor(process, LIMIT)) {
            if (process.exitValue() == HALTED) {
                System.err.println("gateway " + process.pid() + " did not stop within its shutdown limit and halted"
                        + " itself (exit code " + HALTED + "); its log in " + logDir + " has every thread's stack");
            }
            return;
        }
        Path dump = logDir.resolve("threads-" + process.pid() + ".log");
        dumpThreads(process.pid(), dump);
        process.destroyForcibly();
        waitFor(process, Duration.ofSeconds(30));
        throw new AssertionError("the gateway (pid " + process.pid() + ") was still running " + LIMIT.toSeconds()
                + " s after SIGTERM, although it halts itself after its shutdown limit; killed it. Its threads, as"
                + " they were: " + dump);
    }

    private static boolean waitFor(Process process, Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void dumpThreads(long pid, Path to) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        try {
            Process jcmd = new ProcessBuilder(List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid),
                    "Thread.print")).redirectErrorStream(true).redirectOutput(to.toFile()).start();
            waitFor(jcmd, Duration.ofSeconds(30));
        } catch (IOException e) {
            System.err.println("no thread dump of gateway " + pid + ": " + e);
        }
    }
}
