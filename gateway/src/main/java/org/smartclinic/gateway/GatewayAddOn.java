package org.smartclinic.gateway;

import java.util.List;

import org.smartclinic.gateway.device.DeviceSpec;

/**
 * Something started with the gateway, before its devices, and stopped after them: found as a CDI bean. The
 * production gateway has none; the embedded demo (module {@code gateway/demo}) is one, which brings the FHIR
 * sandbox, an MQTT broker and simulated instruments. This is how the demo's test doubles stay out of the
 * production artifact.
 */
public interface GatewayAddOn {

    /** Starts; returns devices to register beside the configured ones. */
    List<DeviceSpec> start();

    /** Waits until it is ready to be used (e.g. a server warmed up); called after the devices started. */
    default void awaitReady() {
    }

    /** Lines to add to the start-up message (its URLs, where to drop files, what to try). */
    default List<String> welcome() {
        return List.of();
    }

    /** Stops; called after the devices stopped. */
    void stop();
}
