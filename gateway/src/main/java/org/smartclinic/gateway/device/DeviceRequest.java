package org.smartclinic.gateway.device;

import java.util.Map;

/**
 * An instrument as the technician's API takes it ({@code POST /api/devices}, {@code PUT /api/devices/{id}},
 * {@code POST /api/devices/probe}) and as the journal keeps an API-added device: the same fields as
 * {@code smartclinic.devices.<id>.*}, with only the group of the chosen transport filled in. Every field is
 * checked by {@link DeviceRequests}; unset optional fields take the driver's or the configuration's defaults.
 *
 * @param transport        {@code serial}, {@code tcp-client}, {@code tcp-server}, {@code mqtt} or {@code folder}
 * @param quietTimeSeconds longest silence before the connection is reopened; null for the driver's default
 * @param enabled          null or true to connect at once
 */
public record DeviceRequest(String id, String driver, String station, String transport, Serial serial, TcpClient tcp,
        TcpServer tcpServer, Mqtt mqtt, Folder folder, String serialNumber, String zone, Integer quietTimeSeconds,
        Map<String, String> options, Boolean enabled) {

    /** A serial port; baud rate null for the driver's default. */
    public record Serial(String port, Integer baudRate) {
    }

    /** The gateway connects to the device or its converter. */
    public record TcpClient(String host, Integer port, Integer connectTimeoutMs, Boolean keepAlive) {
    }

    /** The device connects to a shared port of the gateway; one of remoteAddress, hello or the serial number. */
    public record TcpServer(String bind, Integer port, String remoteAddress, String hello) {
    }

    /** The device publishes to a configured broker. */
    public record Mqtt(String broker, String topic) {
    }

    /** The device drops export files into a folder of this machine. */
    public record Folder(String path, String pattern, Integer stableForSeconds, Long maxFileSize) {
    }

    /** This request with {@code newId} as its id (an edit names the device in the URL). */
    public DeviceRequest withId(String newId) {
        return new DeviceRequest(newId, driver, station, transport, serial, tcp, tcpServer, mqtt, folder, serialNumber,
                zone, quietTimeSeconds, options, enabled);
    }
}
