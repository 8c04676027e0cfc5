package org.smartclinic.demo;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The embedded demo, {@code smartclinic.demo.*}: an in-process FHIR sandbox as the EHR, an in-process MQTT broker,
 * and simulated instruments of every transport shape at one station.
 */
@ConfigMapping(prefix = "smartclinic.demo")
public interface DemoConfig {

    /** Port of the in-process FHIR sandbox (on 127.0.0.1); {@code smartclinic.fhir.base-url} should point at it. */
    @WithDefault("8090")
    int sandboxPort();

    /** Validate what the sandbox receives (R4 + vital-signs profiles). */
    @WithDefault("true")
    boolean sandboxValidate();

    /** Port of the in-process MQTT broker (on 127.0.0.1); {@code smartclinic.mqtt.demo.url} should point at it. */
    @WithDefault("11883")
    int mqttPort();

    /** The station every simulated instrument sits at. */
    @WithDefault("room-1")
    String station();

    /** The simulated BPM-200 blood pressure monitor (serial, on a pseudo-terminal). */
    @WithName("bp-monitor")
    BpMonitor bpMonitor();

    /** The simulated BPM-200. */
    interface BpMonitor {
        /** normal, hypertension or faulty. */
        @WithDefault("normal")
        String scenario();

        /** Time between two measurements. */
        @WithDefault("1s")
        Duration interval();
    }
}
