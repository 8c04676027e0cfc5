package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The production gateway, as built ({@code gateway/target/quarkus-app}), carries no test double: no simulator,
 * no FHIR sandbox (HAPI's plain server and validator), no Jetty, no JNA, no picocli, no in-process MQTT broker,
 * no Paho (the simulated devices' MQTT client).
 * The embedded demo adds them in its own module ({@code gateway/demo}).
 */
class ProductionArtifactIT {

    @Test
    void libraries_containNoTestDoubles_butEveryTransportTheGatewayNeeds() throws IOException {
        Path app = Path.of(System.getProperty("gateway.app.jar", "target/quarkus-app/quarkus-run.jar")).getParent();
        List<String> jars;
        try (Stream<Path> files = Files.walk(app.resolve("lib"))) {
            jars = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
        }

        assertThat(jars).isNotEmpty().noneMatch(j -> j.contains("simulator") || j.contains("jetty")
                || j.startsWith("net.java.dev.jna") || j.contains("picocli") || j.contains("moquette")
                || j.contains("hapi-fhir-server") || j.contains("hapi-fhir-validation") || j.contains("tests.jar")
                || j.contains("paho"));
        // MQTT is in device-drivers (the gateway's own client); Paho only publishes for the simulated devices.
        assertThat(jars).anyMatch(j -> j.contains("jSerialComm")).anyMatch(j -> j.contains("sqlite-jdbc"))
                .anyMatch(j -> j.contains("device-drivers"));
    }
}
