package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Everything under {@code smartclinic.*}. Each property can also be set as an environment variable
 * ({@code SMARTCLINIC_FHIR_BASE_URL}) or a system property; see {@code application.properties} for the
 * defaults of the embedded demo.
 */
@ConfigMapping(prefix = "smartclinic")
public interface GatewayConfig {

    /** This gateway's id, unique in the clinic network; part of every identifier the gateway mints. */
    @WithDefault("demo-clinic")
    String gatewayId();

    /** Folder of the journal database and other state; created if missing. */
    @WithDefault("data")
    Path dataDir();

    Fhir fhir();

    Uplink uplink();

    Link link();

    /** The instruments, keyed by device id (e.g. {@code smartclinic.devices.bp-2.driver=bpm200}). */
    Map<String, Device> devices();

    Demo demo();

    /** Where and how the EHR is reached. */
    interface Fhir {
        /** Base URL of the EHR's FHIR R4 API. */
        @WithDefault("http://localhost:8090/fhir")
        String baseUrl();

        /** Base URI of the identifier systems the gateway mints (observations, exams, devices). */
        @WithDefault("urn:smartclinic:id")
        String identifierSystem();

        /** TCP connect timeout. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time allowed for the EHR to answer one request. */
        @WithDefault("30s")
        Duration readTimeout();

        /** Time allowed, when an exam is opened, to find or create the patient on the EHR before going on without. */
        @WithDefault("5s")
        Duration patientLookupTimeout();
    }

    /** Delivery of the outbox to the EHR. */
    interface Uplink {
        /** Set false to keep everything in the outbox (e.g. while the EHR is being migrated). */
        @WithDefault("true")
        boolean enabled();

        /** First wait after a transient failure (EHR down, 5xx, 429); doubles per failure. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Cap of the wait between attempts while the EHR keeps failing. */
        @WithDefault("60s")
        Duration maxBackoff();

        /** How often the outbox is checked when nothing signals new work. */
        @WithDefault("5s")
        Duration pollInterval();
    }

    /** Supervision of device connections. */
    interface Link {
        /** First wait before reconnecting a dropped or failed port; doubles per failure. */
        @WithDefault("100ms")
        Duration initialBackoff();

        /** Cap of the wait between reconnect attempts (an unplugged device is back within this after replug). */
        @WithDefault("1s")
        Duration maxBackoff();

        /** Longest wait for the journal to confirm a reading before the device is told NAK. */
        @WithDefault("10s")
        Duration storeTimeout();
    }

    /** One instrument. */
    interface Device {
        /** Driver id, e.g. {@code bpm200}; {@code GET /api/drivers} lists what this build has. */
        String driver();

        /** The station (room) the instrument sits at; readings bind to the exam open at this station. */
        String station();

        /** Serial number the technician registered; goes into the FHIR Device. */
        Optional<String> serialNumber();

        /** Zone of the device's clock, for protocols whose timestamps carry no offset; default: the gateway's. */
        Optional<String> zone();

        /** Longest silence before the port is reopened; default: the driver's (0 disables). */
        Optional<Duration> quietTime();

        /** Set false to keep the device registered but not connected. */
        @WithDefault("true")
        boolean enabled();

        Serial serial();

        /** Driver-specific options, documented by each driver. */
        Map<String, String> options();
    }

    /** Serial line of an instrument; unset values come from the driver's defaults. */
    interface Serial {
        /** Device path: {@code /dev/ttyUSB0}, a {@code /dev/serial/by-id/...} link, or a pty link. */
        String port();

        Optional<Integer> baudRate();
    }

    /** The embedded demo: an in-process FHIR sandbox as the EHR and simulated instruments on pseudo-terminals. */
    interface Demo {
        /** On in the embedded default; turn off in production. */
        @WithDefault("false")
        boolean enabled();

        /** Port of the in-process FHIR sandbox (on 127.0.0.1); its base URL should be {@code smartclinic.fhir.base-url}. */
        @WithDefault("8090")
        int sandboxPort();

        /** Validate what the sandbox receives (R4 + vital-signs profiles). */
        @WithDefault("true")
        boolean sandboxValidate();

        /** The simulated BP monitor; registered as a device of its own. */
        @WithName("bp-monitor")
        BpMonitor bpMonitor();
    }

    /** The simulated BPM-200 of the demo. */
    interface BpMonitor {
        @WithDefault("bp-1")
        String deviceId();

        @WithDefault("room-1")
        String station();

        /** normal, hypertension or faulty. */
        @WithDefault("normal")
        String scenario();

        /** Time between two measurements. */
        @WithDefault("1s")
        Duration interval();
    }
}
