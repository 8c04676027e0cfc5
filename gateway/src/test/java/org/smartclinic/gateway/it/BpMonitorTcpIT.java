package org.smartclinic.gateway.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.simulator.device.bp.Bpm200Twin;
import org.smartclinic.simulator.fhir.FhirSandbox;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * The BPM-200 behind serial-to-Ethernet converters, end to end on real sockets: one converter in TCP server mode
 * (the gateway connects: {@code tcp-client}), one in TCP client mode connecting to the gateway's shared instrument
 * port and announcing itself with a registration text ({@code tcp-server}, hello). Readings reach the FHIR sandbox
 * as they do over serial; an unknown device on the shared port is refused and shown, never taken for another.
 */
class BpMonitorTcpIT {

    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String HELLO = "SCGW:bp-lan\r\n";

    @TempDir
    static Path dir;

    private static FhirSandbox sandbox;
    private static GatewayProcess gateway;
    private static GatewayApi api;
    private static Ehr ehr;
    private static int converterPort;
    private static int sharedPort;

    @BeforeAll
    static void start() {
        sandbox = FhirSandbox.start(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", true));
        converterPort = GatewayProcess.freePort();
        sharedPort = GatewayProcess.freePort();
        gateway = new GatewayProcess(dir.resolve("gateway"))
                .property("smartclinic.fhir.base-url", sandbox.baseUrl())
                .device("bp-conv", "bpm200", "room-7", "tcp-client")
                .deviceProperty("bp-conv", "tcp.host", "127.0.0.1")
                .deviceProperty("bp-conv", "tcp.port", String.valueOf(converterPort))
                .device("bp-lan", "bpm200", "room-7", "tcp-server")
                .deviceProperty("bp-lan", "tcp-server.port", String.valueOf(sharedPort))
                .deviceProperty("bp-lan", "tcp-server.hello", HELLO)
                .start();
        api = new GatewayApi(gateway.baseUrl());
        ehr = new Ehr(sandbox.baseUrl());
        sandbox.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }


    @Test
    void converterAsServerAndConverterWithHello_bothDeliverToTheExam() throws Exception {
        String examId = api.openExam("room-7", "patient-lan");
        try (Bpm200Twin server = Bpm200Twin.builder(TwinPlug.tcpListen(converterPort)).interval(Duration.ofMillis(100))
                        .count(3).seed(21).start();
                Bpm200Twin client = Bpm200Twin.builder(TwinPlug.tcpConnect("127.0.0.1", sharedPort,
                        HELLO.getBytes(StandardCharsets.US_ASCII))).interval(Duration.ofMillis(100)).count(3)
                        .seed(22).start()) {
            assertThat(server.awaitAcked(3, DELIVERY)).isTrue();
            assertThat(client.awaitAcked(3, DELIVERY)).isTrue();

            List<Observation> obs = ehr.awaitObservationsOfExam(examId, 12);
            assertThat(obs).hasSize(12);
            assertThat(obs).filteredOn(o -> o.getIdentifierFirstRep().getValue().contains("/bp-conv/")).hasSize(6);
            assertThat(obs).filteredOn(o -> o.getIdentifierFirstRep().getValue().contains("/bp-lan/")).hasSize(6);
            assertThat(api.device("bp-conv").getString("transport")).isEqualTo("tcp-client");
            assertThat(api.device("bp-lan").getString("stateReason")).contains("bp-lan from 127.0.0.1");
        } finally {
            api.closeExam(examId);
        }
    }

    @Test
    void unknownDeviceOnTheSharedPort_refusedCountedAndShown() throws Exception {
        try (Socket stranger = new Socket("127.0.0.1", sharedPort)) {
            OutputStream out = stranger.getOutputStream();
            out.write("HELLO I AM A PRINTER\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await("the hub closes it").atMost(Duration.ofSeconds(15))
                    .until(() -> stranger.getInputStream().read() < 0);
        }

        List<Map<String, Object>> unknown = given().baseUri(gateway.baseUrl()).get("/api/transports").then()
                .statusCode(200).extract().jsonPath().getList("tcpServers[0].unknownConnections");
        assertThat(unknown).isNotEmpty().last().satisfies(u -> {
            assertThat(u.get("remoteAddress").toString()).startsWith("127.0.0.1");
            assertThat(u.get("firstBytes").toString()).startsWith("HELLO I AM A PRINTER");
        });
        assertThat(api.metric("smartclinic_tcp_server_unknown_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(api.device("bp-lan").getLong("readingsStored")).as("never taken for bp-lan")
                .isEqualTo(api.readings("device=bp-lan&limit=1000").size());
    }
}
