package org.smartclinic.gateway.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The app with one BP monitor registered at room-1 whose port does not exist (so it stays in backoff), two more
 * stations (room-3 confirms readings before upload) and an EHR address where nothing listens: what a gateway looks
 * like with its instrument unplugged and offline.
 * A fresh data folder per run, so no exam is left open from an earlier run.
 */
public class ApiTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path data = Files.createDirectories(Path.of("target")).resolve("api-test-" + System.nanoTime());
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            return Map.of(
                    "smartclinic.data-dir", data.toString(),
                    "smartclinic.stations.room-2.name", "Room 2",
                    "smartclinic.stations.room-3.review", "confirm",
                    "smartclinic.devices.bp-1.driver", "bpm200",
                    "smartclinic.devices.bp-1.station", "room-1",
                    "smartclinic.devices.bp-1.serial.port", data.resolve("no-such-port").toString(),
                    "smartclinic.fhir.base-url", "http://127.0.0.1:" + closedPort + "/fhir",
                    "smartclinic.fhir.patient-lookup-timeout", "3s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
