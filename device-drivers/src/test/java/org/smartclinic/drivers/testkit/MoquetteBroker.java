package org.smartclinic.drivers.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

/**
 * The in-process Moquette broker (MQTT 3.1.1) behind {@link MqttBroker} when Mosquitto is not installed. Kept in
 * its own class so that {@link MqttBroker} loads on class paths without Moquette (the simulator's tests).
 */
final class MoquetteBroker {

    private final Server server = new Server();

    private MoquetteBroker() {
    }

    static boolean available() {
        try {
            Class.forName("io.moquette.broker.Server", false, MoquetteBroker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port}, without persistence and telemetry.
     *
     * @param passwordFile Moquette's {@code user:sha256-hex} file, or null for none
     */
    static MoquetteBroker start(int port, Path dataDir, boolean allowAnonymous, Path passwordFile)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("persistence_enabled", "false");
        p.setProperty("data_path", dataDir.toString());
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("allow_anonymous", Boolean.toString(allowAnonymous));
        // Moquette's default is 8092 bytes; device payloads may be 16 KiB and tests send more to see them refused.
        p.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
        if (passwordFile != null) {
            p.setProperty("password_file", passwordFile.toString());
        }
        MoquetteBroker broker = new MoquetteBroker();
        broker.server.startServer(new MemoryConfig(p));
        return broker;
    }

    void stop() {
        server.stopServer();
    }
}
