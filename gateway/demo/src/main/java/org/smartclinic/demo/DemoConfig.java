package org.smartclinic.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * The password of the demo's staff accounts ({@code gp}, {@code technician}, {@code admin}); by default a random
     * one made at the first start, kept in {@code <data dir>/demo-password} and printed at every start.
     */
    Optional<String> password();

    /** Port of the in-process MQTT broker (on 127.0.0.1); {@code smartclinic.mqtt.demo.url} should point at it. */
    @WithDefault("11883")
    int mqttPort();

    /** The station every simulated instrument sits at. */
    @WithDefault("room-1")
    String station();

    /** The simulated BPM-200 blood pressure monitor (serial, on a pseudo-terminal). */
    @WithName("bp-monitor")
    BpMonitor bpMonitor();

    /** The simulated SP-80 spirometer's PC software (export files into a folder). */
    Spirometer spirometer();

    /** The simulated IoT vitals device (JSON over MQTT). */
    Iot iot();

    /** The simulated LP-100 lab analyzer (ASTM, serial, on a pseudo-terminal). */
    Lab lab();

    /**
     * The simulated LP-100: it runs every sample id issued for an exam open at the demo's station
     * ({@code POST /api/exams/{id}/samples}), asking the gateway who the sample is for (a host query) first.
     */
    interface Lab {
        /** The cartridge it runs: a1c, lipid, crp or acr. */
        @WithDefault("lipid")
        String cartridge();

        /** How often it looks for newly issued sample ids. */
        @WithDefault("3s")
        Duration poll();
    }

    /** The simulated IoT vitals device. */
    interface Iot {
        /** Time between two published messages. */
        @WithDefault("5s")
        Duration interval();
    }

    /** The simulated SP-80. */
    interface Spirometer {
        /**
         * The folder the gateway watches for SP-80 exports; relative to the data folder unless absolute. Drop your
         * own export files here too.
         */
        @WithDefault("spirometer-inbox")
        Path folder();

        /** Time between two simulated exports; 0 for none (only files dropped by hand). */
        @WithDefault("20s")
        Duration interval();
    }

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
