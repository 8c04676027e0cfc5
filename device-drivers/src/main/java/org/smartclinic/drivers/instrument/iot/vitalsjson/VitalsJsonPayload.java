package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes {@code smartclinic.vitals/1} messages, the device side of {@link VitalsJsonDriver}: for the simulator
 * twin, tests and anyone building a device. It only places fields; what is valid is the schema's business
 * ({@code vitals-v1.schema.json}), so a builder can also write an invalid message on purpose.
 * <pre>
 *   String json = VitalsJsonPayload.builder("0001a7", OffsetDateTime.parse("2026-11-23T10:15:00+03:00"))
 *           .result("temp", "36.8", "Cel")
 *           .bloodPressure("120", "80", null, "mm[Hg]")
 *           .status("ready", "")
 *           .toJson();
 * </pre>
 * Numbers are written as given, plainly ({@code 36.80} stays {@code 36.80}, never {@code 3.68E+1}).
 */
public final class VitalsJsonPayload {

    /** The value of the {@code schema} field. */
    public static final String SCHEMA_ID = "smartclinic.vitals/1";
    /** Largest message the driver reads, in bytes. */
    public static final int MAX_BYTES = 16 * 1024;
    /** The value of the {@code schema} field of a batch of stored readings. */
    public static final String BATCH_SCHEMA_ID = "smartclinic.vitals-batch/1";
    /** Largest batch the driver reads, in bytes. */
    public static final int MAX_BATCH_BYTES = 1024 * 1024;
    /** Most readings in one batch. */
    public static final int MAX_BATCH_READINGS = 500;
    /** Most results in one message. */
    public static final int MAX_RESULTS = 20;

    private static final ObjectMapper WRITER = new ObjectMapper()
            .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);

    private VitalsJsonPayload() {
    }

    /** A message with the schema id, {@code msgId} and {@code time} set. */
    public static Builder builder(String msgId, OffsetDateTime time) {
        return new Builder(msgId, time);
    }

    /**
     * A batch ({@code smartclinic.vitals-batch/1}) of the messages {@code readings} would write, each without its
     * {@code schema} field.
     */
    public static byte[] batch(List<Builder> readings) {
        ObjectNode root = WRITER.createObjectNode();
        root.put("schema", BATCH_SCHEMA_ID);
        ArrayNode elements = root.putArray("readings");
        for (Builder b : readings) {
            ObjectNode element = b.root.deepCopy();
            element.remove("schema");
            elements.add(element);
        }
        try {
            return WRITER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Fields of one message, in the order they are added. */
    public static final class Builder {
        private final ObjectNode root = WRITER.createObjectNode();
        private ArrayNode results;

        private Builder(String msgId, OffsetDateTime time) {
            root.put("schema", SCHEMA_ID);
            root.put("msgId", Objects.requireNonNull(msgId, "msgId"));
            root.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Objects.requireNonNull(time, "time")));
        }

        /** A single-valued result, e.g. {@code ("temp", "36.8", "Cel")}. */
        public Builder result(String code, String value, String unit) {
            return result(code, new BigDecimal(value), unit);
        }

        public Builder result(String code, BigDecimal value, String unit) {
            ObjectNode r = results().addObject();
            r.put("code", code);
            r.put("value", value);
            r.put("unit", unit);
            return this;
        }

        /** The {@code bp} panel; {@code mean} may be null (no {@code map} component). */
        public Builder bloodPressure(String systolic, String diastolic, String mean, String unit) {
            ObjectNode bp = results().addObject();
            bp.put("code", "bp");
            ArrayNode components = bp.putArray("components");
            component(components, "sys", systolic, unit);
            component(components, "dia", diastolic, unit);
            if (mean != null) {
                component(components, "map", mean, unit);
            }
            return this;
        }

        public Builder sampleId(String value) {
            root.put("sampleId", value);
            return this;
        }

        public Builder patientId(String value) {
            root.put("patientId", value);
            return this;
        }

        /** The device's state ({@code ready}, {@code measuring}, {@code error}) and its own words, or empty. */
        public Builder status(String state, String text) {
            ObjectNode status = root.putObject("status");
            status.put("state", state);
            if (text != null && !text.isEmpty()) {
                status.put("text", text);
            }
            return this;
        }

        /** Any other top-level field: for tests and fault injection (the schema refuses unknown fields). */
        public Builder property(String name, String value) {
            root.put(name, value);
            return this;
        }

        public String toJson() {
            try {
                return WRITER.writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a JSON tree", e);
            }
        }

        public byte[] toBytes() {
            return toJson().getBytes(StandardCharsets.UTF_8);
        }

        private ArrayNode results() {
            if (results == null) {
                results = root.putArray("results");
            }
            return results;
        }

        private static void component(ArrayNode components, String code, String value, String unit) {
            ObjectNode c = components.addObject();
            c.put("code", code);
            c.put("value", new BigDecimal(value));
            c.put("unit", unit);
        }
    }
}
