package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codetable.CodeTable;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a schema-valid message says, after the checks the schema cannot make (each failure a BAD_VALUE): the time
 * is a real instant; no result code twice; every value within its code's plausible range in its unit (see
 * {@link VitalsJsonCode}); blood pressure components in one unit, each at most once, systolic above diastolic,
 * mean between them. Never throws for a schema-valid tree.
 */
final class VitalsJsonContent {

    /** The message's parts, checked. */
    sealed interface Checked {
    }

    /** @param status null when the message has none; measurements empty for a status-only message */
    record Good(String msgId, Instant deviceTime, List<Measurement> measurements, String sampleId,
            String patientId, DeviceStatus status) implements Checked {
    }

    record Bad(String detail) implements Checked {
    }

    /** Leaves a check early with its reason; caught in {@link #check}. */
    private static final class BadValue extends RuntimeException {
        BadValue(String detail) {
            super(detail, null, false, false);
        }
    }

    private final CodeTable codes;

    VitalsJsonContent(CodeTable codes) {
        this.codes = codes;
    }

    Checked check(JsonNode json) {
        try {
            List<Measurement> measurements = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            JsonNode results = json.path("results");
            for (int i = 0; i < results.size(); i++) {
                JsonNode r = results.get(i);
                String where = "results[" + i + "] " + r.get("code").asText();
                if (!seen.add(r.get("code").asText())) {
                    throw new BadValue(where + ": code appears more than once");
                }
                measurements.add(r.has("components") ? panel(r, where) : single(r, where));
            }
            return new Good(json.get("msgId").asText(), time(json.get("time").asText()), measurements,
                    text(json, "sampleId"), text(json, "patientId"), status(json.get("status")));
        } catch (BadValue e) {
            return new Bad(e.getMessage());
        }
    }

    private Measurement single(JsonNode r, String where) {
        VitalsJsonCode code = VitalsJsonCode.of(r.get("code").asText()).orElseThrow();
        Value.Quantity q = quantity(code, r, where);
        return Measurement.of(deviceCode(code), codes.codes(code.tableKey(q.unit())), q);
    }

    private Measurement panel(JsonNode bp, String where) {
        List<Measurement> components = new ArrayList<>(3);
        Map<VitalsJsonCode, BigDecimal> values = new EnumMap<>(VitalsJsonCode.class);
        String unit = bp.get("components").get(0).get("unit").asText();
        for (JsonNode c : bp.get("components")) {
            VitalsJsonCode code = VitalsJsonCode.of(c.get("code").asText()).orElseThrow();
            if (!c.get("unit").asText().equals(unit)) {
                throw new BadValue(where + ": components in different units (" + unit + ", " + c.get("unit").asText()
                        + ")");
            }
            Value.Quantity q = quantity(code, c, where + " " + code.code);
            if (values.put(code, q.value()) != null) {
                throw new BadValue(where + ": component " + code.code + " appears more than once");
            }
            components.add(Measurement.of(deviceCode(code), codes.codes(code.code), q));
        }
        BigDecimal sys = values.get(VitalsJsonCode.SYS);
        BigDecimal dia = values.get(VitalsJsonCode.DIA);
        BigDecimal map = values.get(VitalsJsonCode.MAP);
        if (sys.compareTo(dia) <= 0) {
            throw new BadValue(where + ": sys " + sys.toPlainString() + " is not above dia " + dia.toPlainString());
        }
        if (map != null && (map.compareTo(dia) < 0 || map.compareTo(sys) > 0)) {
            throw new BadValue(where + ": map " + map.toPlainString() + " is not between dia " + dia.toPlainString()
                    + " and sys " + sys.toPlainString());
        }
        return Measurement.panel(deviceCode(VitalsJsonCode.BP), codes.codes(VitalsJsonCode.BP.code), components);
    }

    private static Value.Quantity quantity(VitalsJsonCode code, JsonNode node, String where) {
        String unit = node.get("unit").asText();
        BigDecimal value = node.get("value").decimalValue();
        VitalsJsonCode.Range range = code.ranges.get(unit);
        if (!range.contains(value)) {
            throw new BadValue(where + " " + value.toPlainString() + " " + unit + " is outside " + range
                    + " (not a plausible reading)");
        }
        return new Value.Quantity(value, unit);
    }

    private static Code deviceCode(VitalsJsonCode code) {
        return Code.deviceCode(VitalsJsonDriver.DRIVER_ID, code.code, code.display);
    }

    private static Instant time(String text) {
        try {
            return VitalsJsonTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadValue("time '" + text + "' is not a real date and time");
        }
    }

    private static DeviceStatus status(JsonNode status) {
        if (status == null) {
            return null;
        }
        DeviceStatus.State state = DeviceStatus.State.valueOf(status.get("state").asText().toUpperCase(Locale.ROOT));
        return new DeviceStatus(state, text(status, "text"));
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null ? null : node.asText();
    }
}
