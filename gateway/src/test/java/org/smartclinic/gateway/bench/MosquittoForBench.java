package org.smartclinic.gateway.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.smartclinic.drivers.testkit.MqttBroker;
import org.smartclinic.gateway.it.GatewayProcess;

import static org.awaitility.Awaitility.await;

/**
 * A Mosquitto of the benchmark's own: the test kit's broker keeps Mosquitto's default of 20 unacknowledged
 * messages per subscriber, which would cap every batch the gateway can commit at 20 messages whatever the
 * devices send; a clinic's broker for many fast devices is configured with a larger window, and so is this one.
 */
final class MosquittoForBench implements AutoCloseable {

    private final Process process;
    private final int port;

    private MosquittoForBench(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param inflight unacknowledged QoS 1 messages per client (Mosquitto's {@code max_inflight_messages})
     */
    static MosquittoForBench start(Path dir, int inflight) throws IOException {
        Path exe = MqttBroker.mosquittoExecutable().orElseThrow(() -> new IllegalStateException(
                "the ingest benchmark needs Mosquitto: " + MqttBroker.mosquittoMissing()));
        int port = GatewayProcess.freePort();
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous true",
                "persistence false", "max_inflight_messages " + inflight, "max_queued_messages 0", ""));
        Process p = new ProcessBuilder(exe.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        MosquittoForBench broker = new MosquittoForBench(p, port);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        await("mosquitto listening").atMost(Duration.ofSeconds(10)).until(broker::listening);
        return broker;
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** CPU time the broker has used so far. */
    java.time.Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
