package org.smartclinic.gateway.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.config.GatewayConfig;

/**
 * Devices before people: at start, the Vert.x event loops, which serve the pages, the API and every live viewer
 * (WebSocket and Server-Sent Events), are put in Linux's idle scheduling class ({@code SCHED_IDLE}) unless
 * {@code smartclinic.live.event-loops-yield=false}. The threads on the path from a device's frame to its
 * acknowledgement (device links, serial threads, the journal's writer) stay in the normal class and take the CPU
 * from an event loop the moment they wake; the event loops run in the time they leave, which at saturation is the
 * time they wait for the disk's fsync. Measured with 10 viewers of a saturated exam on one core, three runs of
 * each: ingest 0.925 of its rate without viewers in the normal class (95 % CI 0.891-0.959, whether the event
 * loops' nice is 0 or 10), 1.002 (0.963-1.040) in the idle class, every reading still reaching every viewer
 * (docs/live-bus.md).
 *
 * <p>The price: the live latency's tail grows while normal threads run (p99 of a pleth frame at the reference load
 * 15-93 ms against about 20 ms in the normal class; the median unchanged, 1-1.4 ms), and if ingest
 * ever kept the CPU busy without a pause, pages, the API and viewers would wait (each viewer is told it is behind);
 * the idle class still gets a sliver of CPU, so they slow down, not stop. The idle class yields to every normal
 * thread of the machine: a box that runs other busy work should give the gateway its own CPU share (systemd
 * {@code CPUWeight=}) or turn this off.
 *
 * <p>Linux only, through util-linux's {@code chrt} on each event loop's thread id: a process may always lower its
 * own threads' scheduling class, no privilege needed. Elsewhere, or when that fails, the gateway runs on in the
 * normal class and says so once at INFO.
 */
@ApplicationScoped
class EventLoopPriority {

    private static final Logger LOG = Logger.getLogger(EventLoopPriority.class);

    void lower(@Observes StartupEvent start, Vertx vertx, GatewayConfig config) {
        if (!config.live().eventLoopsYield()) {
            return;
        }
        try {
            List<String> tids = eventLoopThreadIds(vertx);
            idle(tids);
            LOG.infof("HTTP and live event loops (%d threads) yield the CPU to the device links and the journal"
                    + " (SCHED_IDLE)", tids.size());
        } catch (IOException | RuntimeException e) {
            LOG.infof("event loops left in the normal scheduling class (smartclinic.live.event-loops-yield not"
                    + " applied: %s); live viewers may then slow ingest at saturation", e.getMessage());
        }
    }

    /** Linux's id of each of Vert.x's event loop threads, asked on the thread itself (which also starts it). */
    private static List<String> eventLoopThreadIds(Vertx vertx) throws IOException {
        List<CompletableFuture<String>> asked = new ArrayList<>();
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            CompletableFuture<String> tid = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    tid.complete(currentThreadId());
                } catch (IOException | RuntimeException e) {
                    tid.completeExceptionally(e);
                }
            });
            asked.add(tid);
        }
        List<String> tids = new ArrayList<>();
        for (CompletableFuture<String> tid : asked) {
            try {
                tids.add(tid.get(10, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("an event loop did not answer within 10 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return tids;
    }

    /** The calling thread's id as Linux knows it ({@code /proc/thread-self} points at {@code <pid>/task/<tid>}). */
    static String currentThreadId() throws IOException {
        String target = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        String tid = target.substring(target.lastIndexOf('/') + 1);
        if (tid.isEmpty() || !tid.chars().allMatch(Character::isDigit)) {
            throw new IOException("unexpected /proc/thread-self: " + target);
        }
        return tid;
    }

    /** Puts the given threads of this process (Linux thread ids) in the idle scheduling class, one by one. */
    static void idle(List<String> tids) throws IOException {
        for (String tid : tids) {
            Process p = new ProcessBuilder("chrt", "--idle", "--pid", "0", tid).redirectErrorStream(true).start();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("chrt did not finish within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (p.exitValue() != 0) {
                String out = new String(p.getInputStream().readNBytes(500), StandardCharsets.UTF_8).strip();
                throw new IOException("chrt exited with " + p.exitValue() + ": " + out);
            }
        }
    }
}
