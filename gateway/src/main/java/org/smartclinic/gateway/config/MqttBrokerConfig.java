package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.util.Optional;

/** One MQTT broker. */
public interface MqttBrokerConfig {
    /** e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883} (TLS, see {@link #tls()}). */
    String url();

    /** The gateway's client id on this broker; default {@code smartclinic-<gateway-id>}. */
    Optional<String> clientId();

    Optional<String> username();

    /** File holding the password (never the password itself in configuration). */
    Optional<Path> passwordFile();

    /**
     * For an {@code ssl://} url: the certificates trusted for this broker ({@code tls.trust-store}, e.g. the clinic
     * CA's {@code ca.crt} with {@code tls.trust-store-type=PEM}); unset, the JDK's default (public CAs). The broker's
     * certificate must name the host of the url. Set with a {@code tcp://} url, or unreadable, the broker's devices
     * are not started and health says why.
     */
    TlsTrustConfig tls();
}
