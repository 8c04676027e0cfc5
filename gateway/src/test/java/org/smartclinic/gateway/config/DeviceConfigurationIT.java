package org.smartclinic.gateway.config;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.smartclinic.gateway.it.Staff;

/**
 * Every way a technician can get a device's configuration wrong is reported at start with what to change, the
 * device is listed as MISCONFIGURED, and the rest of the gateway (here: a correctly configured device whose cable
 * is unplugged) runs and stays ready.
 */
@QuarkusTest
@TestProfile(DeviceConfigurationIT.Profile.class)
class DeviceConfigurationIT {

    /** Every API call needs a staff login: RestAssured's requests run as the all-roles test account. */
    @BeforeEach
    void logIn() {
        Staff.bootstrapQuarkusTest();
    }

    /** One good device and one of each mistake. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path data = Files.createDirectories(Path.of("target")).resolve("config-test-" + System.nanoTime());
                Map<String, String> p = new HashMap<>();
                p.put("smartclinic.data-dir", data.toString());
                device(p, "good", "bpm200", "serial").put("smartclinic.devices.good.serial.port",
                        data.resolve("ttyUSB0").toString());
                device(p, "pigeon", "bpm200", "carrier-pigeon");
                device(p, "nodriver", "bpm900", "serial").put("smartclinic.devices.nodriver.serial.port", "/dev/x");
                device(p, "wrongway", "sp80", "serial").put("smartclinic.devices.wrongway.serial.port", "/dev/x");
                device(p, "nohost", "bpm200", "tcp-client");
                device(p, "typo", "bpm200", "serial").put("smartclinic.devices.typo.serial.port", "/dev/x");
                p.put("smartclinic.devices.typo.options.acept-lone-lf", "true");
                device(p, "nobroker", "bpm200", "mqtt").put("smartclinic.devices.nobroker.mqtt.topic", "clinic/x");
                device(p, "anonymous", "bpm200", "tcp-server").put("smartclinic.devices.anonymous.tcp-server.port",
                        "5999");
                device(p, "badzone", "bpm200", "serial").put("smartclinic.devices.badzone.serial.port", "/dev/x");
                p.put("smartclinic.devices.badzone.zone", "Mars/Olympus");
                return p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Map<String, String> device(Map<String, String> p, String id, String driver, String transport) {
            p.put("smartclinic.devices." + id + ".driver", driver);
            p.put("smartclinic.devices." + id + ".station", "room-1");
            p.put("smartclinic.devices." + id + ".transport", transport);
            return p;
        }
    }

    private static void misconfigured(String id, String... words) {
        var body = given().get("/api/devices/" + id).then().statusCode(200).body("state", equalTo("MISCONFIGURED"));
        for (String w : words) {
            body.body("stateReason", containsString(w));
        }
    }

    @Test
    void mistakes_eachNamedWithWhatToChange() {
        misconfigured("pigeon", "'carrier-pigeon' is not a transport", "serial, tcp-client, tcp-server, mqtt, folder");
        misconfigured("nodriver", "no driver 'bpm900'", "bpm200");
        misconfigured("wrongway", "driver sp80 does not work over serial", "it supports: folder",
                "smartclinic.devices.wrongway.transport");
        misconfigured("nohost", "smartclinic.devices.nohost.tcp.host");
        misconfigured("typo", "unknown option(s) [acept-lone-lf]", "accept-lone-lf");
        misconfigured("nobroker", "no broker 'default' is configured", "smartclinic.mqtt.default.url");
        misconfigured("anonymous", "tcp-server.remote-address", "tcp-server.hello", "serial-number");
        misconfigured("badzone", "'Mars/Olympus' is not a time zone");
    }

    @Test
    void goodDevice_runsBesideThemAndTheGatewayIsReady() {
        given().get("/api/devices/good").then().statusCode(200).body("state", equalTo("BACKOFF"))
                .body("stateReason", containsString("ttyUSB0"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/group/devices").then().statusCode(503)
                .body("checks.find { it.name == 'device:typo' }.data.state", equalTo("MISCONFIGURED"))
                .body("checks.find { it.name == 'device:typo' }.data.reason",
                        allOf(containsString("acept-lone-lf"), containsString("options")));
        given().get("/api/devices").then().statusCode(200).body("size()", equalTo(9));
    }
}
