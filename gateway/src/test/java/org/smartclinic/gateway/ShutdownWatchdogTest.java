package org.smartclinic.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog in a real JVM receiving a real SIGTERM: one whose stop hangs (a shutdown hook that never returns, as
 * Quarkus's close of the HTTP server once did) and one whose stop ends on its own.
 */
class ShutdownWatchdogTest {

    private static final String READY = "child ready";

    @TempDir
    Path dir;

    @Test
    void aStopThatHangs_isHaltedAfterTheLimit_withEveryThreadsStack() throws Exception {
        Child child = Child.start("hang", 1_000, dir);
        child.terminate();

        assertThat(child.exited(Duration.ofSeconds(30))).as("exited after SIGTERM").isTrue();
        assertThat(child.process.exitValue()).isEqualTo(ShutdownWatchdog.EXIT_CODE);
        // (the WARN line goes through Quarkus's logging, which this plain JVM does not configure)
        assertThat(child.output()).contains("the stop outlasted PT1S; what each thread was doing")
                .contains("\"stuck-stop\" WAITING").contains("HangingStop.awaitForever");
    }

    @Test
    void aStopThatEndsInTime_exitsAsUsual_untouchedByTheWatchdog() throws Exception {
        Child child = Child.start("quick", 20_000, dir);
        child.terminate();

        assertThat(child.exited(Duration.ofSeconds(15))).as("exited long before the 20 s limit").isTrue();
        assertThat(child.process.exitValue()).as("the JVM's own code for SIGTERM").isEqualTo(143);
        assertThat(child.output()).contains("quick stop done").doesNotContain("outlasted");
    }

    @Test
    void theWatchdogThread_isADaemon_soItNeverHoldsTheJvm() {
        Thread t = ShutdownWatchdog.start(Duration.ofDays(1), code -> { });
        try {
            assertThat(t.isDaemon()).isTrue();
            assertThat(t.getName()).isEqualTo("shutdown-watchdog");
        } finally {
            t.interrupt();
        }
    }

    /** A child JVM running {@link HangingStop}, its output in a file. */
    private record Child(Process process, Path log) {

        static Child start(String mode, long limitMillis, Path dir) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path log = dir.resolve(mode + ".log");
            // The log manager Quarkus runs on (JBoss Logging would otherwise pick log4j and warn it has no appender).
            Process p = new ProcessBuilder(List.of(java, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                    "-Dorg.jboss.logging.provider=jboss", "-cp",
                    System.getProperty("java.class.path"), HangingStop.class.getName(), mode,
                    Long.toString(limitMillis))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Child child = new Child(p, log);
            await().atMost(Duration.ofSeconds(30)).until(() -> child.output().contains(READY) || !p.isAlive());
            assertThat(child.output()).as("the child started").contains(READY);
            return child;
        }

        void terminate() {
            process.destroy();
        }

        boolean exited(Duration within) throws InterruptedException {
            boolean done = process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                process.destroyForcibly();
            }
            return done;
        }

        String output() throws IOException {
            return Files.readString(log);
        }
    }

    /** The child: the watchdog armed, and a shutdown hook that waits forever ("hang") or returns ("quick"). */
    public static final class HangingStop {
        public static void main(String[] args) throws InterruptedException {
            boolean hang = "hang".equals(args[0]);
            ShutdownWatchdog.arm(Duration.ofMillis(Long.parseLong(args[1])));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (hang) {
                    awaitForever();
                } else {
                    System.out.println("quick stop done");
                }
            }, "stuck-stop"));
            System.out.println(READY);
            awaitForever();
        }

        private static void awaitForever() {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
