package org.smartclinic.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.gateway.api.ApiException;

/** The API's check of a device request: defaults filled in, every limit enforced, refusals naming the field. */
class DeviceRequestsTest {

    private static DeviceRequest serial(String id, String port, Integer baud) {
        return new DeviceRequest(id, "bpm200", "room-1", "serial", new DeviceRequest.Serial(port, baud), null, null,
                null, null, null, null, null, null, null);
    }

    private static DeviceRequest tcp(Integer port) {
        return new DeviceRequest("bp-1", "bpm200", "room-1", "tcp-client", null,
                new DeviceRequest.TcpClient("10.0.0.5", port, null, null), null, null, null, null, null, null, null,
                null);
    }

    private static DeviceRequest tcpServer(DeviceRequest.TcpServer t, String serialNumber) {
        return new DeviceRequest("bp-1", "bpm200", "room-1", "tcp-server", null, null, t, null, null, serialNumber,
                null, null, null, null);
    }

    private static void refused(DeviceRequest r, String message) {
        assertThatThrownBy(() -> DeviceRequests.spec(r, Set.of())).isInstanceOf(ApiException.class)
                .hasMessageContaining(message);
    }

    @Test
    void spec_serialWithDefaults_takesTheDriversBaudRateAndTheGatewaysZone() {
        DeviceSpec spec = DeviceRequests.spec(serial("bp-1", "/dev/ttyUSB0", null), Set.of());
        assertThat(spec.transport()).isEqualTo(new TransportSpec.Serial("/dev/ttyUSB0", null));
        assertThat(spec.zone()).isEqualTo(ZoneId.systemDefault());
        assertThat(spec.enabled()).isTrue();
        assertThat(spec.quietTime()).isNull();
    }

    @Test
    void spec_tcpClient_defaultsToFiveSecondTimeoutAndKeepAlive() {
        DeviceSpec spec = DeviceRequests.spec(tcp(4001), Set.of());
        assertThat(spec.transport()).isEqualTo(new TransportSpec.TcpClient("10.0.0.5", 4001, Duration.ofSeconds(5),
                true));
        assertThat(spec.transport().kind()).isEqualTo(TransportKind.TCP_CLIENT);
    }

    @Test
    void spec_limitsOnEveryField_refuseNamingTheField() {
        refused(null, "the request has no body");
        refused(serial("x".repeat(65), "/dev/ttyUSB0", null), "id is not valid");
        refused(serial("bp 1", "/dev/ttyUSB0", null), "id is not valid");
        refused(serial("bp-1", "ttyUSB0", null), "serial.port is not valid");
        refused(serial("bp-1", "/dev/" + "a".repeat(200), null), "serial.port is not valid");
        refused(serial("bp-1", "/dev/tty USB0", null), "serial.port is not valid");
        refused(serial("bp-1", "/dev/ttyUSB0", 49), "serial.baudRate must be 50-4000000");
        refused(serial("bp-1", "/dev/ttyUSB0", 4_000_001), "serial.baudRate must be 50-4000000");
        refused(tcp(0), "tcp.port must be 1-65535");
        refused(tcp(65536), "tcp.port must be 1-65535");
        refused(tcp(null), "tcp.port is required");
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "tcp-client", null, null, null, null, null, null, null,
                null, null, null), "this transport needs the tcp settings");
    }

    @Test
    void spec_driverAndTransport_mustExistAndFit() {
        refused(new DeviceRequest("bp-1", "toaster", "room-1", "serial", null, null, null, null, null, null, null, null,
                null, null), "no driver 'toaster'");
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "carrier-pigeon", null, null, null, null, null, null,
                null, null, null, null), "transport is not valid");
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "mqtt", null, null, null,
                new DeviceRequest.Mqtt(null, "a/b"), null, null, null, null, null, null), "does not work over mqtt");
        refused(new DeviceRequest("iot-1", "vitals-json", "room-1", "mqtt", null, null, null,
                new DeviceRequest.Mqtt("lab", "a/b"), null, null, null, null, null, null), "no MQTT broker 'lab'");
    }

    @Test
    void spec_optionalFields_checked() {
        DeviceRequest base = serial("bp-1", "/dev/ttyUSB0", 19200);
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "serial", base.serial(), null, null, null, null,
                "S".repeat(65), null, null, null, null), "serialNumber is not valid");
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "serial", base.serial(), null, null, null, null, null,
                "Mars/Olympus", null, null, null), "zone is not a time zone");
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "serial", base.serial(), null, null, null, null, null,
                null, 3601, null, null), "quietTimeSeconds must be 0-3600");
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "serial", base.serial(), null, null, null, null, null,
                null, null, Map.of("turbo", "on"), null), "driver bpm200 has no option 'turbo'");
        refused(new DeviceRequest("bp-1", "bpm200", "room-1", "serial", base.serial(), null, null, null, null, null,
                null, null, Map.of("accept-lone-lf", "maybe"), null), "the driver refuses the options");
        DeviceSpec spec = DeviceRequests.spec(new DeviceRequest("bp-1", "bpm200", "room-1", "serial", base.serial(),
                null, null, null, null, "SN 42/A", "Europe/Moscow", 30, Map.of("accept-lone-lf", "true"), false),
                Set.of());
        assertThat(spec.serialNumber()).isEqualTo("SN 42/A");
        assertThat(spec.zone()).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(spec.quietTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.options()).containsEntry("accept-lone-lf", "true");
        assertThat(spec.enabled()).isFalse();
        assertThat(spec.transport()).isEqualTo(new TransportSpec.Serial("/dev/ttyUSB0", 19200));
    }

    @Test
    void spec_tcpServer_needsExactlyOneWayToRecogniseTheDevice() {
        refused(tcpServer(new DeviceRequest.TcpServer(null, 5001, null, null), null), "say how to recognise");
        refused(tcpServer(new DeviceRequest.TcpServer(null, 5001, "10.0.0.7", "HELLO"), null), "not both");
        DeviceSpec bySerial = DeviceRequests.spec(tcpServer(new DeviceRequest.TcpServer(null, 5001, null, null),
                "SN-1"), Set.of());
        assertThat(bySerial.transport()).isEqualTo(new TransportSpec.TcpServer("127.0.0.1", 5001, null, null));
    }
}
