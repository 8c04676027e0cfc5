package org.smartclinic.simulator.device.iot;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonPayload;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin.Kind;
import org.smartclinic.simulator.device.iot.VitalsJsonTwin.Published;

/**
 * The twin's n-th message: generated values written with the driver's {@link VitalsJsonPayload}, spoiled as the
 * fault knobs say (malformed: the JSON cut in half; out of schema: a {@code deviceId} field).
 */
final class VitalsTwinMessages {

    private final VitalsValueGenerator values;
    private final String msgIdPrefix;
    private final ZoneId zone;
    private final int malformedEvery;
    private final int outOfSchemaEvery;
    private final String clientId;

    VitalsTwinMessages(VitalsValueGenerator values, String msgIdPrefix, ZoneId zone, int malformedEvery,
            int outOfSchemaEvery, String clientId) {
        this.values = values;
        this.msgIdPrefix = msgIdPrefix;
        this.zone = zone;
        this.malformedEvery = malformedEvery;
        this.outOfSchemaEvery = outOfSchemaEvery;
        this.clientId = clientId;
    }

    Published next(int number) {
        String msgId = msgIdPrefix + "-" + String.format("%06d", number);
        Map<String, String> v = values.next();
        VitalsJsonPayload.Builder b = VitalsJsonPayload.builder(msgId,
                OffsetDateTime.now(zone).truncatedTo(ChronoUnit.SECONDS))
                .result("temp", v.get("temp"), "Cel")
                .result("spo2", v.get("spo2"), "%")
                .result("pulse", v.get("pulse"), "/min")
                .bloodPressure(v.get("sys"), v.get("dia"), v.get("map"), "mm[Hg]");
        Kind kind = hits(malformedEvery, number) ? Kind.MALFORMED
                : hits(outOfSchemaEvery, number) ? Kind.OUT_OF_SCHEMA : Kind.VITALS;
        if (kind == Kind.OUT_OF_SCHEMA) {
            b.property("deviceId", clientId);
        }
        byte[] payload = b.toBytes();
        if (kind == Kind.MALFORMED) {
            payload = Arrays.copyOf(payload, payload.length / 2);
        }
        return new Published(number, msgId, kind, values(v), payload);
    }

    private static Map<String, String> values(Map<String, String> v) {
        return Collections.unmodifiableMap(v);
    }

    private static boolean hits(int every, int number) {
        return every > 0 && number % every == 0;
    }
}
