package org.smartclinic.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

/**
 * The demo's MQTT broker, in-process (Moquette, MQTT 3.1.1): loopback only, anonymous, no persistence, no
 * telemetry. Production points the gateway at its own broker (Mosquitto) instead.
 */
final class DemoBroker implements AutoCloseable {

    /** Largest message it takes; device payloads are at most 16 KiB. */
    private static final int MAX_MESSAGE = 256 * 1024;

    private final Server server = new Server();
    private final int port;

    private DemoBroker(int port) {
        this.port = port;
    }

    static DemoBroker start(int port, Path dataDir) {
        Properties settings = new Properties();
        settings.setProperty("host", "127.0.0.1");
        settings.setProperty("port", String.valueOf(port));
        settings.setProperty("allow_anonymous", "true");
        settings.setProperty("persistence_enabled", "false");
        settings.setProperty("telemetry_enabled", "false");
        settings.setProperty("data_path", dataDir.toString());
        settings.setProperty("netty.mqtt.message_size", String.valueOf(MAX_MESSAGE));
        DemoBroker broker = new DemoBroker(port);
        try {
            broker.server.startServer(new MemoryConfig(settings));
        } catch (IOException e) {
            throw new UncheckedIOException("demo: the MQTT broker cannot listen on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); set smartclinic.demo.mqtt-port to a free port", e);
        }
        return broker;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
