package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.util.Optional;

/** One MQTT broker. */
public interface MqttBrokerConfig {
    /** e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}. */
    String url();

    /** The gateway's client id on this broker; default {@code smartclinic-<gateway-id>}. */
    Optional<String> clientId();

    Optional<String> username();

    /** File holding the password (never the password itself in configuration). */
    Optional<Path> passwordFile();
}
