package org.smartclinic.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * One instrument: its driver, station and transport. {@code transport} chooses which transport group applies:
 * {@code serial} (default) needs {@code serial.port}; {@code tcp-client} needs {@code tcp.host} and
 * {@code tcp.port}; {@code tcp-server} needs {@code tcp-server.port} and one way to recognise the device
 * ({@code tcp-server.remote-address}, {@code tcp-server.hello}, or its {@code serial-number} when its protocol
 * names itself); {@code mqtt} needs {@code mqtt.topic} (and {@code mqtt.broker} when there is more than one);
 * {@code folder} needs {@code folder.path}. The driver must support the transport ({@code GET /api/drivers}).
 * Mistakes are reported at start with what to change, and the device is shown as misconfigured.
 *
 * <p>Instruments can also be added, edited and removed while the gateway runs, through the API or the technician's
 * page ({@code POST /api/devices}); those are kept in the journal, not here. A device of this file is edited only
 * here (the API refuses to change it); an id registered both here and through the API is taken from this file.
 */
public interface DeviceConfig {
    /** Driver id, e.g. {@code bpm200}; {@code GET /api/drivers} lists what this build has. */
    String driver();

    /**
     * The station (room) the instrument sits at; readings bind to the exam open at this station when they were
     * measured. Moving a device by the API ({@code PUT /api/devices/{id}/station}) is recorded and outlives
     * restarts; changing this value moves the device at the next start.
     */
    String station();

    /** serial, tcp-client, tcp-server, mqtt or folder. */
    @WithDefault("serial")
    String transport();

    /** Serial number the technician registered; goes into the FHIR Device; identifies it on a tcp-server port. */
    Optional<String> serialNumber();

    /** Zone of the device's clock, for protocols whose timestamps carry no offset; default: the gateway's. */
    Optional<String> zone();

    /** Longest silence before the connection is reopened; default: the driver's (0 disables). */
    Optional<Duration> quietTime();

    /** Set false to keep the device registered but not connected. */
    @WithDefault("true")
    boolean enabled();

    Optional<Serial> serial();

    Optional<TcpClient> tcp();

    @WithName("tcp-server")
    Optional<TcpServer> tcpServer();

    Optional<Mqtt> mqtt();

    Optional<Folder> folder();

    /** Driver-specific options, documented by each driver ({@code GET /api/drivers}). */
    Map<String, String> options();

    /** Serial line of an instrument; unset values come from the driver's defaults. */
    interface Serial {
        /** Device path: {@code /dev/ttyUSB0}, a {@code /dev/serial/by-id/...} link, or a pty link. */
        String port();

        Optional<Integer> baudRate();
    }

    /** The gateway connects to the instrument (or its serial-to-Ethernet converter in TCP server mode). */
    interface TcpClient {
        String host();

        int port();

        @WithDefault("5s")
        Duration connectTimeout();

        /** TCP keepalive, so a converter that lost power is noticed even when the protocol is quiet. */
        @WithDefault("true")
        boolean keepAlive();
    }

    /**
     * The instrument (or its converter in TCP client mode) connects to a port of the gateway; several devices may
     * share one port. Instruments on the clinic network need {@code bind} set to an interface address: the
     * default listens on this machine only.
     */
    interface TcpServer {
        int port();

        @WithDefault("127.0.0.1")
        String bind();

        /** Recognise the device by the address it connects from. */
        Optional<String> remoteAddress();

        /** Recognise the device by the registration text its converter sends first (consumed, not decoded). */
        Optional<String> hello();
    }

    /** The instrument publishes to an MQTT broker. */
    interface Mqtt {
        /** Name of the broker under {@code smartclinic.mqtt.<name>}. */
        @WithDefault("default")
        String broker();

        /** The device's topic (filter); its identity comes from the topic, never from the payload. */
        String topic();
    }

    /** The instrument (or its PC software) drops export files into a folder. */
    interface Folder {
        /** The watched folder; {@code processed/} and {@code failed/} are made inside it. */
        Path path();

        /** Glob on the file name. */
        @WithDefault("*")
        String pattern();

        /** A file is read only after its size and time stayed the same for this long. */
        @WithDefault("2s")
        Duration stableFor();

        /** Larger files are not read: moved to {@code failed/} with the reason. */
        @WithDefault("10M")
        MemorySize maxFileSize();
    }
}
