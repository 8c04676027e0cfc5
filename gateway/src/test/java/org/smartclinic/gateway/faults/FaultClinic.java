package org.smartclinic.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import org.awaitility.core.ConditionTimeoutException;
import org.smartclinic.gateway.it.Ehr;
import org.smartclinic.gateway.it.FaultyEhr;
import org.smartclinic.gateway.it.GatewayApi;
import org.smartclinic.gateway.it.GatewayProcess;
import org.smartclinic.simulator.device.bp.Bpm200Twin;

/**
 * One small clinic for a fault suite: the production gateway in its own JVM, BPM-200 twins on pseudo-terminals at
 * one station, the EHR (a real FHIR server) behind a {@link FaultyEhr}, and an open exam the readings bind to. The
 * twins retry forever (stop-and-wait), so every reading they make is eventually acknowledged; {@link #ackedReadings}
 * is what the devices were told is safe, as {@code <deviceId>/<reading key>}.
 */
final class FaultClinic implements AutoCloseable {

    static final String STATION = "room-1";
    /** Up to this for the gateway to settle what the EHR's faults held back. */
    static final Duration DRAIN = Duration.ofSeconds(120);

    private final Path dir;
    private final String realEhr;
    private final List<String> devices = new ArrayList<>();
    private final List<Bpm200Twin> twins = new ArrayList<>();
    private final FaultyEhr ehr;
    private final GatewayProcess gateway;
    private String examId;

    /** {@code devices} BPM-200s named {@code <name>-bp-<n>}. */
    FaultClinic(Path dir, String realEhrBaseUrl, String name, int deviceCount) {
        this.dir = dir;
        this.realEhr = realEhrBaseUrl;
        this.ehr = FaultyEhr.inFrontOf(realEhrBaseUrl);
        this.gateway = new GatewayProcess(dir.resolve("gateway")).property("smartclinic.fhir.base-url", ehr.baseUrl())
                // C1 only: a gateway restarted 30 times spends most of its life starting, where C2 only costs CPU.
                .jvmOption("-XX:TieredStopAtLevel=1");
        for (int i = 1; i <= deviceCount; i++) {
            String id = name + "-bp-" + i;
            devices.add(id);
            gateway.device(id, "bpm200", STATION, link(id));
        }
    }

    FaultyEhr ehr() {
        return ehr;
    }

    GatewayProcess gateway() {
        return gateway;
    }

    GatewayApi api() {
        return new GatewayApi(gateway.baseUrl());
    }

    /** The test's view of the real EHR, not through the proxy. */
    Ehr realEhr() {
        return new Ehr(realEhr);
    }

    String examId() {
        return examId;
    }

    /** Starts the gateway and opens an exam for {@code patient} at the station. */
    FaultClinic open(String patient) {
        gateway.start();
        examId = api().openExam(STATION, patient);
        return this;
    }

    /**
     * Plugs one twin in per device, each endless unless {@code tune} (device index from 0, builder) says otherwise: a measurement every 200 ms,
     * an ACK awaited 300 ms, retried without limit, no heartbeats; seeds from {@code seed}.
     */
    FaultClinic stream(long seed, BiFunction<Integer, Bpm200Twin.Builder, Bpm200Twin.Builder> tune)
            throws IOException {
        for (int i = 0; i < devices.size(); i++) {
            Bpm200Twin.Builder b = Bpm200Twin.builder(link(devices.get(i))).seed(seed + i).count(0)
                    .interval(Duration.ofMillis(200)).ackTimeout(Duration.ofMillis(300)).maxRetries(-1)
                    .heartbeat(Duration.ZERO);
            twins.add(tune.apply(i, b).start());
        }
        return this;
    }

    List<Bpm200Twin> twins() {
        return twins;
    }

    /** Waits until every device acknowledged at least {@code n} readings. */
    void awaitAcked(int n, Duration timeout) {
        for (Bpm200Twin twin : twins) {
            assertThat(twin.awaitAcked(n, timeout)).as("%s acknowledged %d", twin, n).isTrue();
        }
    }

    /** Stops endless devices measuring and waits until each reading they made is acknowledged (none given up). */
    void finishDevices(Duration timeout) {
        twins.forEach(Bpm200Twin::finish);
        awaitDevicesDone(timeout);
    }

    /** Waits until devices with a count made them all and each was acknowledged (none given up). */
    void awaitDevicesDone(Duration timeout) {
        for (Bpm200Twin twin : twins) {
            assertThat(twin.awaitFinished(timeout)).as("%s finished", twin).isTrue();
            assertThat(twin.stats().givenUp()).isZero();
        }
    }

    /** {@code <deviceId>/<key>} of every reading a device got an ACK for; the key as the BPM-200 driver makes it. */
    Set<String> ackedReadings() {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < twins.size(); i++) {
            for (Bpm200Twin.SentMeasurement m : twins.get(i).acked()) {
                out.add(devices.get(i) + "/" + readingKey(m.body()));
            }
        }
        return out;
    }

    /** Waits until the outbox holds nothing pending and the EHR holds every acknowledged reading. */
    EhrLedger awaitDelivered() {
        Set<String> acked = ackedReadings();
        GatewayApi api = api();
        try {
            return await("every acknowledged reading on the EHR").atMost(DRAIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.outbox().getLong("counts.PENDING") == 0
                            ? EhrLedger.ofExam(realEhr(), examId) : EhrLedger.EMPTY,
                            ledger -> ledger.readings().containsAll(acked));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(notDelivered(acked, api), e);
        }
    }

    /** Which acknowledged readings the EHR lacks, and what the gateway's journal says about each. */
    private String notDelivered(Set<String> acked, GatewayApi api) {
        Set<String> missing = new TreeSet<>(acked);
        missing.removeAll(EhrLedger.ofExam(realEhr(), examId).readings());
        StringBuilder out = new StringBuilder("acknowledged readings not on the EHR after " + DRAIN.toSeconds()
                + " s: " + missing + "\noutbox: " + api.outbox().prettify());
        for (String device : devices) {
            for (Map<String, Object> r : api.readings("device=" + device + "&limit=5000")) {
                if (missing.contains(device + "/" + r.get("key"))) {
                    out.append("\njournal: ").append(r);
                }
            }
        }
        return out.toString();
    }

    /** The BPM-200 driver's key: {@code <time as sent>#<seq>}, from a body {@code M,<seq>,<time>,...}. */
    private static String readingKey(String body) {
        String[] fields = body.split(",");
        return fields[2] + "#" + fields[1];
    }

    private Path link(String deviceId) {
        return dir.resolve("dev").resolve(deviceId);
    }

    @Override
    public void close() {
        twins.forEach(Bpm200Twin::close);
        gateway.close();
        ehr.close();
    }
}
