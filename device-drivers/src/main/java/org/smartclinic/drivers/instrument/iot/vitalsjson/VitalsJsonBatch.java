package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A batch, {@code smartclinic.vitals-batch/1}: stored measurements a device uploads in one message. The envelope is
 * checked with its own schema (a violation rejects the whole message); then each element, as the single message it
 * would have been (the same element with {@code "schema": "smartclinic.vitals/1"}), with the message schema and the
 * value checks. Good elements become the readings of one accepted outcome (stored together, in one transaction);
 * each bad one is rejected alone, with its JSON path ({@code $.readings[3].results[0].unit: ...}) and its own
 * bytes, so one implausible value costs the clinic that value, not the device's whole memory.
 */
final class VitalsJsonBatch {

    private static final byte[] SCHEMA_MARK = ("\"" + VitalsJsonPayload.BATCH_SCHEMA_ID + "\"")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];

    private final VitalsJsonSchema envelope;
    private final VitalsJsonSchema message;
    private final VitalsJsonContent content;

    VitalsJsonBatch(VitalsJsonSchema envelope, VitalsJsonSchema message, VitalsJsonContent content) {
        this.envelope = envelope;
        this.message = message;
        this.content = content;
    }

    /**
     * Whether the bytes name the batch schema anywhere: such a payload is read up to
     * {@link VitalsJsonPayload#MAX_BATCH_BYTES}, and is a batch only if its {@code schema} field says so.
     */
    static boolean mayBe(byte[] payload) {
        outer:
        for (int i = 0; i <= payload.length - SCHEMA_MARK.length; i++) {
            for (int j = 0; j < SCHEMA_MARK.length; j++) {
                if (payload[i + j] != SCHEMA_MARK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean is(JsonNode json) {
        return json.isObject() && VitalsJsonPayload.BATCH_SCHEMA_ID.equals(json.path("schema").asText(null));
    }

    /** The outcomes of a parsed batch ({@link #is} true) that came as {@code raw}. */
    List<Outcome> outcomes(JsonNode json, byte[] raw, String deviceId, Instant receivedAt) {
        Optional<String> violation = envelope.firstViolation(json);
        if (violation.isPresent()) {
            return List.of(new Outcome.Rejected(RejectReason.OUT_OF_SCHEMA, violation.get(), raw, NONE));
        }
        List<Reading> readings = new ArrayList<>();
        List<Outcome> rejected = new ArrayList<>();
        JsonNode elements = json.get("readings");
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            ObjectNode single = JsonNodeFactory.instance.objectNode();
            single.put("schema", VitalsJsonPayload.SCHEMA_ID);
            single.setAll((ObjectNode) element);
            Optional<String> wrong = message.firstViolation(single);
            if (wrong.isPresent()) {
                rejected.add(new Outcome.Rejected(RejectReason.OUT_OF_SCHEMA, within(path(i), wrong.get()),
                        bytes(element), NONE));
                continue;
            }
            switch (content.check(single)) {
                case VitalsJsonContent.Bad bad -> rejected.add(new Outcome.Rejected(RejectReason.BAD_VALUE,
                        path(i) + ": " + bad.detail(), bytes(element), NONE));
                case VitalsJsonContent.Good good -> readings.add(new Reading(deviceId, good.msgId(),
                        good.deviceTime(), receivedAt, good.measurements(), null, good.sampleId(), good.patientId()));
            }
        }
        List<Outcome> out = new ArrayList<>(rejected.size() + 1);
        if (!readings.isEmpty()) {
            out.add(new Outcome.Accepted(readings, raw, NONE, NONE));
        }
        out.addAll(rejected);
        return out;
    }

    private static String path(int element) {
        return "$.readings[" + element + "]";
    }

    /** A rejected element's own bytes, for the technician (only rejected ones are encoded again). */
    private static byte[] bytes(JsonNode element) {
        return element.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A message schema violation ({@code $.results[0].unit: ...}) as a path within the batch element. */
    private static String within(String path, String violation) {
        return violation.startsWith("$") ? path + violation.substring(1) : path + ": " + violation;
    }
}
