package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The runtime instrument registry on the built gateway: a device added through the API connects at once, an edit
 * restarts it with the new settings, it outlives a gateway restart, removing it stops it and keeps its readings;
 * bad requests are refused naming the field and what to change; a probe shows a real twin's first frames and
 * decoded values, and a missing or busy serial port as an error in words. Twins are BPM-200s on real TCP sockets
 * and on a real pseudo-terminal.
 */
class TechnicianRegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static GatewayProcess gateway;
    private static Bpm200Twin ptyTwin;

    @BeforeAll
    static void start() throws IOException {
        // A device of the configuration file on a pty: the probe of its port must find it busy.
        ptyTwin = Bpm200Twin.builder(dir.resolve("dev/bp-file")).interval(Duration.ofMillis(500)).count(1000).start();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", "http://127.0.0.1:" + GatewayProcess.freePort() + "/fhir")
                .device("bp-file", "bpm200", "room-1", dir.resolve("dev/bp-file"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (ptyTwin != null) {
            ptyTwin.close();
        }
    }

    private static RequestSpecification api() {
        return given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON);
    }

    private static Map<String, Object> tcpDevice(String id, int port) {
        Map<String, Object> d = new HashMap<>(Map.of("id", id, "driver", "bpm200", "station", "room-3",
                "transport", "tcp-client", "tcp", Map.of("host", "127.0.0.1", "port", port)));
        d.put("serialNumber", "SN-" + id);
        return d;
    }

    private static JsonPath device(String id) {
        return api().get("/api/devices/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static Bpm200Twin tcpTwin(int port) {
        try {
            return Bpm200Twin.builder(TwinPlug.tcpListen(port)).interval(Duration.ofMillis(300)).count(1000).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void addedDevice_connects_editRestartsWithNewSettings_survivesRestart_removeKeepsReadings() {
        int first = GatewayProcess.freePort();
        int second = GatewayProcess.freePort();
        try (Bpm200Twin a = tcpTwin(first); Bpm200Twin b = tcpTwin(second)) {
            api().body(tcpDevice("bp-api", first)).post("/api/devices").then().statusCode(201)
                    .body("source", equalTo("api")).body("address", equalTo("127.0.0.1:" + first));
            await("added device connects and stores").atMost(WAIT).until(() -> device("bp-api").getString("state")
                    .equals("CONNECTED") && device("bp-api").getLong("readingsStored") > 0);

            api().body(tcpDevice("bp-api", second)).put("/api/devices/bp-api").then().statusCode(200)
                    .body("address", equalTo("127.0.0.1:" + second));
            await("edited device reconnects to the new port").atMost(WAIT).until(() -> b.stats().acked() > 0);
            assertThat(device("bp-api").getString("state")).isEqualTo("CONNECTED");

            gateway.stop();
            gateway.start();
            assertThat(device("bp-api").getString("source")).isEqualTo("api");
            assertThat(device("bp-api").getString("address")).isEqualTo("127.0.0.1:" + second);
            await("registered again after a restart").atMost(WAIT)
                    .until(() -> device("bp-api").getString("state").equals("CONNECTED"));

            api().delete("/api/devices/bp-api").then().statusCode(200).body("removed", equalTo("bp-api"));
            api().get("/api/devices/bp-api").then().statusCode(404);
            List<Object> kept = api().get("/api/readings?device=bp-api&limit=10").then().statusCode(200).extract()
                    .jsonPath().getList("$");
            assertThat(kept).isNotEmpty();
        }
        gateway.stop();
        gateway.start();
        api().get("/api/devices/bp-api").then().statusCode(404);
    }

    @Test
    void stopAndStart_closeAndReopenTheConnection() {
        int port = GatewayProcess.freePort();
        try (Bpm200Twin twin = tcpTwin(port)) {
            api().body(tcpDevice("bp-switch", port)).post("/api/devices").then().statusCode(201);
            await().atMost(WAIT).until(() -> device("bp-switch").getString("state").equals("CONNECTED"));
            api().post("/api/devices/bp-switch/stop").then().statusCode(200).body("state", equalTo("STOPPED"))
                    .body("running", equalTo(false));
            api().post("/api/devices/bp-switch/start").then().statusCode(200).body("running", equalTo(true));
            await().atMost(WAIT).until(() -> device("bp-switch").getString("state").equals("CONNECTED"));
        } finally {
            api().delete("/api/devices/bp-switch");
        }
    }

    @Test
    void badRequests_refusedNamingTheFieldAndWhatToChange() {
        Map<String, Object> noId = tcpDevice("x", 4001);
        noId.remove("id");
        refused(noId, "id is required");
        Map<String, Object> badId = tcpDevice("has space", 4001);
        refused(badId, "id is not valid");
        Map<String, Object> badDriver = tcpDevice("bp-x", 4001);
        badDriver.put("driver", "toaster");
        refused(badDriver, "no driver 'toaster'");
        Map<String, Object> wrongTransport = tcpDevice("bp-x", 4001);
        wrongTransport.put("transport", "folder");
        refused(wrongTransport, "driver bpm200 does not work over folder");
        refused(tcpDevice("bp-x", 70000), "tcp.port must be 1-65535");
        Map<String, Object> noTcp = tcpDevice("bp-x", 4001);
        noTcp.remove("tcp");
        refused(noTcp, "this transport needs the tcp settings");
        Map<String, Object> relative = tcpDevice("bp-x", 4001);
        relative.put("transport", "serial");
        relative.put("serial", Map.of("port", "ttyUSB0"));
        refused(relative, "serial.port is not valid");
        Map<String, Object> option = tcpDevice("bp-x", 4001);
        option.put("options", Map.of("turbo", "on"));
        refused(option, "driver bpm200 has no option 'turbo'");
        Map<String, Object> longSerial = tcpDevice("bp-x", 4001);
        longSerial.put("serialNumber", "S".repeat(65));
        refused(longSerial, "serialNumber is not valid");
        Map<String, Object> zone = tcpDevice("bp-x", 4001);
        zone.put("zone", "Mars/Olympus");
        refused(zone, "zone is not a time zone");

        api().body(tcpDevice("bp-file", 4001)).post("/api/devices").then().statusCode(409)
                .body("error", containsString("already a device bp-file"));
        api().body(tcpDevice("bp-file", 4001)).put("/api/devices/bp-file").then().statusCode(409)
                .body("hint", containsString("smartclinic.devices.bp-file"));
        api().delete("/api/devices/bp-file").then().statusCode(409);
        assertThat(device("bp-file").getString("source")).isEqualTo("config");
    }

    private static void refused(Map<String, Object> body, String error) {
        api().body(body).post("/api/devices").then().statusCode(400).body("error", containsString(error));
    }

    @Test
    void probe_tcpTwin_showsFirstFramesAndDecodedValues_storesNothing() {
        int port = GatewayProcess.freePort();
        try (Bpm200Twin twin = tcpTwin(port)) {
            JsonPath probe = api().body(tcpDevice("bp-new", port)).post("/api/devices/probe?seconds=8").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(probe.getBoolean("connected")).isTrue();
            assertThat(probe.getString("message")).contains("connected to 127.0.0.1:" + port);
            assertThat(probe.getList("frames.printable", String.class)).anyMatch(p -> p.endsWith("<CR><LF>"));
            assertThat(probe.getList("frames.hex", String.class)).allMatch(h -> h.matches("[0-9a-f ]+( …)?"));
            assertThat(probe.getList("readings.value", String.class)).isNotEmpty();
            assertThat(twin.stats().acked()).as("a probe never acknowledges: the device keeps its reading").isZero();
        }
        api().get("/api/devices/bp-new").then().statusCode(404);
        assertThat(api().get("/api/readings?device=bp-new&limit=10").then().extract().jsonPath().getList("$"))
                .isEmpty();
    }

    @Test
    void probe_missingSerialPort_saysSoInWords() {
        Map<String, Object> d = tcpDevice("bp-missing", 1);
        d.put("transport", "serial");
        d.put("serial", Map.of("port", dir.resolve("dev/absent").toString()));
        api().body(d).post("/api/devices/probe?seconds=3").then().statusCode(200)
                .body("connected", equalTo(false))
                .body("message", containsString("port " + dir.resolve("dev/absent") + " missing"));
    }

    @Test
    void probe_portOfARunningDevice_saysItIsBusy() {
        await().atMost(WAIT).until(() -> device("bp-file").getString("state").equals("CONNECTED"));
        Map<String, Object> d = tcpDevice("bp-again", 1);
        d.put("transport", "serial");
        d.put("serial", Map.of("port", dir.resolve("dev/bp-file").toString()));
        api().body(d).post("/api/devices/probe?seconds=3").then().statusCode(200)
                .body("connected", equalTo(false))
                .body("message", containsString("is busy: instrument bp-file of this gateway has it open"));
    }
}
