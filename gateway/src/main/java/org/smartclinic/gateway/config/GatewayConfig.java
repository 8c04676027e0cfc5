package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Everything under {@code smartclinic.*}. Each property can also be set as an environment variable
 * ({@code SMARTCLINIC_FHIR_BASE_URL}) or a system property; see {@code application.properties} for examples.
 * Devices are explained in {@link DeviceConfig}; how each transport is configured in its group.
 */
@ConfigMapping(prefix = "smartclinic")
public interface GatewayConfig {

    /** This gateway's id, unique in the clinic network; part of every identifier the gateway mints. */
    @WithDefault("demo-clinic")
    String gatewayId();

    /** Folder of the journal database and other state; created if missing. */
    @WithDefault("data")
    Path dataDir();

    /**
     * How long stopping (SIGTERM, {@code systemctl stop}) may take before the gateway halts: it then logs every
     * thread's stack and exits with code 124. Nothing is lost by it, since a device is only told a reading is stored
     * once it is in the journal; it ends a stop that a library keeps waiting on (docs/faults.md).
     */
    @WithDefault("30s")
    Duration shutdownLimit();

    Fhir fhir();

    UplinkConfig uplink();

    Link link();

    JournalConfig journal();

    Capture capture();

    Live live();

    Binding binding();

    Exams exams();

    Patients patients();

    /**
     * Stations (rooms, mobile kits) by id, for settings beyond the name devices give them
     * ({@code smartclinic.stations.room-1.review=confirm}). A station a device names exists without an entry here.
     */
    Map<String, Station> stations();

    /** The instruments, keyed by device id (e.g. {@code smartclinic.devices.bp-2.driver=bpm200}). */
    Map<String, DeviceConfig> devices();

    /**
     * MQTT brokers by name; a device on MQTT names its broker ({@code smartclinic.devices.<id>.mqtt.broker}), and
     * all devices of one broker share one connection.
     */
    Map<String, MqttBrokerConfig> mqtt();

    /** How readings are attached to exams: see {@code docs/binding.md}. */
    interface Binding {
        /**
         * How far outside an exam's open..close period a reading may have been measured and still bind to it; a
         * reading within this of two exams (or of a device move) is held for a person instead.
         */
        @WithDefault("5s")
        Duration tolerance();

        /** A device clock further off the gateway's than this is not trusted for binding: receive time is used. */
        @WithDefault("2m")
        Duration clockDriftThreshold();

        /** How long a device's clock offsets are remembered; a clock set back is adopted after this. */
        @WithDefault("7d")
        Duration clockMemory();

        /**
         * A device's clock offset is used to time its readings only after two offsets within the tolerance were
         * received at least this far apart (a backlog replayed on first contact would otherwise pass for a clock
         * that is behind).
         */
        @WithDefault("10m")
        Duration clockConfirmSpan();
    }

    /** Exams (FHIR Encounters). */
    interface Exams {
        /**
         * An exam still open this long after it was opened closes itself (readings measured later stay unassigned),
         * so an exam nobody closed never collects the next day's readings.
         */
        @WithDefault("4h")
        Duration maxDuration();

        /** How often exams past their maximum duration are looked for. */
        @WithDefault("30s")
        Duration autoCloseInterval();

        /** Most sample ids issued per request. */
        @WithDefault("20")
        int maxSamplesPerRequest();
    }

    /** Finding and registering patients. */
    interface Patients {
        /**
         * Patient identifier systems by the short name the API uses ({@code snils}, {@code oms}, {@code mrn}); each
         * {@code smartclinic.patients.identifier-systems.<name>=<URI>}. Defaults in {@code application.properties}.
         */
        Map<String, String> identifierSystems();

        /** Time allowed for an EHR search before the gateway answers from its local cache. */
        @WithDefault("5s")
        Duration searchTimeout();

        /** Most patients one search returns. */
        @WithDefault("20")
        int maxResults();
    }

    /** One station's settings. */
    interface Station {
        /** Name shown to people, e.g. "Room 1"; default: the id. */
        Optional<String> name();

        /**
         * {@code auto}: bound readings are uploaded at once; {@code confirm}: they wait until the GP confirms each
         * ({@code POST /api/readings/{id}/confirm}).
         */
        @WithDefault("auto")
        String review();
    }

    /** Where and how the EHR is reached. */
    interface Fhir {
        /** Base URL of the EHR's FHIR R4 API. */
        @WithDefault("http://localhost:8090/fhir")
        String baseUrl();

        /**
         * Base URI of the identifier systems the gateway mints (observations, exams, devices, and the specimens of
         * lab samples: {@code <base>/specimen}).
         */
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

        /** How the gateway authenticates to the EHR ({@code smartclinic.fhir.auth.*}). */
        EhrAuthConfig auth();

        /** The certificates trusted for HTTPS to the EHR ({@code smartclinic.fhir.tls.*}). */
        TlsTrustConfig tls();
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

    /** The raw-capture store: the exact bytes every reading came from, for audit and replay. */
    interface Capture {
        /** Total size kept; the oldest captures go first beyond it. */
        @WithDefault("256M")
        MemorySize maxSize();

        /** Age after which a capture is deleted (its reading stays). */
        @WithDefault("30d")
        Duration maxAge();

        /** Rejected input kept per device and minute (the rest is only counted), so a flood cannot fill the store. */
        @WithDefault("30")
        int rejectedPerMinute();

        /** How often the limits are enforced. */
        @WithDefault("1m")
        Duration pruneInterval();
    }

    /** The live bus: waveforms, readings and device status for live viewers. */
    interface Live {
        /** Events kept per device for viewers that reconnect and ask for what they missed (by sequence number). */
        @WithDefault("500")
        int replayBuffer();

        /** Events a viewer may fall behind by before the bus drops its oldest (each drop counted). */
        @WithDefault("1000")
        int subscriberQueue();

        /** Viewers at most at once. */
        @WithDefault("32")
        int maxSubscribers();

        /** Events a WebSocket viewer may have waiting; from half of it its waveforms are downsampled. */
        @WithDefault("512")
        int socketQueue();

        /** A WebSocket viewer whose oldest unsent event waited this long is closed. */
        @WithDefault("30s")
        Duration stuckAfter();

        /**
         * How long after a viewer of an exam leaves, deliveries of that exam's readings to the EHR are still shown on
         * the bus, so that a viewer whose connection dropped finds them in its replay. Past it, readings delivered
         * for an exam nobody watches are not read back from the journal (most of a backlog drained after an outage);
         * a viewer who comes back later is told to reload the exam (docs/live-bus.md).
         */
        @WithDefault("5m")
        Duration reconnectGrace();

        /**
         * Whether the HTTP event loops (pages, API, every live viewer) yield the CPU to the device links and the
         * journal's writer: put at start in Linux's idle scheduling class, they run in the time ingest leaves, so
         * viewers do not slow ingest when it saturates the machine; if ingest ever left no time, pages and
         * viewers would slow down instead (docs/live-bus.md). Linux with util-linux's {@code chrt}; elsewhere not
         * applied (logged).
         */
        @WithDefault("true")
        boolean eventLoopsYield();
    }
}
