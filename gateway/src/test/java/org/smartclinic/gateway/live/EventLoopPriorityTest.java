package org.smartclinic.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** Putting a thread in the idle scheduling class with the real {@code chrt} on this Linux machine, read back. */
class EventLoopPriorityTest {

    /** Linux's SCHED_IDLE, as field 41 of /proc/PID/task/TID/stat shows it. */
    static final int SCHED_IDLE = 5;

    /** Field 41 of /proc/PID/task/TID/stat: the thread's scheduling policy (0 normal, 5 idle). */
    static int policyOf(String pid, String tid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "task", tid, "stat"));
        // Fields after the name start at field 3.
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[41 - 3]);
    }

    @Test
    void idle_putsOnlyTheNamedThreadInTheIdleClass() throws Exception {
        CompletableFuture<String> tid = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                tid.complete(EventLoopPriority.currentThreadId());
                done.await();
            } catch (Exception e) {
                tid.completeExceptionally(e);
            }
        });
        try {
            String pid = Long.toString(ProcessHandle.current().pid());
            String own = EventLoopPriority.currentThreadId();
            assertThat(tid.get()).isNotEqualTo(own);
            assertThat(policyOf(pid, tid.get())).isZero();

            EventLoopPriority.idle(List.of(tid.get()));

            assertThat(policyOf(pid, tid.get())).isEqualTo(SCHED_IDLE);
            assertThat(policyOf(pid, own)).isZero();
        } finally {
            done.countDown();
            t.join();
        }
    }

    @Test
    void anUnknownThread_isRefusedWithChrtsReason() {
        assertThatThrownBy(() -> EventLoopPriority.idle(List.of("999999999")))
                .isInstanceOf(IOException.class).hasMessageContaining("chrt exited with");
    }
}
