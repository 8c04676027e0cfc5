package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A quick, conservative reading of the two schemas ({@code vitals-v1.schema.json} and
 * {@code vitals-batch-v1.schema.json}) for the shape devices send every time: it answers true only for a document
 * the schema surely accepts, so {@link VitalsJsonSchema} may skip the general validator for it. Anything unusual
 * (a rare date form, a far offset, an identifier near its length limit in code points, any violation) answers false
 * and goes to the general validator, which stays the definition and writes the violation's text. Codes and their
 * units come from {@link VitalsJsonCode}, which holds the schema's units with their plausible ranges. Tests compare
 * the two on many random and mutated documents: whenever this says true, the validator finds nothing.
 */
final class VitalsJsonShape {

    private static final Set<String> MESSAGE_FIELDS = Set.of("schema", "msgId", "time", "results", "sampleId",
            "patientId", "status");
    private static final Set<String> STATUS_FIELDS = Set.of("state", "text");
    private static final Set<String> STATES = Set.of("ready", "measuring", "error");

    private VitalsJsonShape() {
    }

    /** True only if {@code json} surely satisfies {@code vitals-v1.schema.json}. */
    static boolean surelyMessage(JsonNode json) {
        if (!json.isObject() || !onlyFields(json, MESSAGE_FIELDS)) {
            return false;
        }
        if (!text(json.get("schema"), VitalsJsonPayload.SCHEMA_ID) || !msgId(json.get("msgId"))
                || !time(json.get("time"))) {
            return false;
        }
        JsonNode results = json.get("results");
        JsonNode status = json.get("status");
        if (results == null && status == null) {
            return false;
        }
        return (results == null || results(results)) && (status == null || status(status))
                && identifier(json.get("sampleId")) && identifier(json.get("patientId"));
    }

    /** True only if {@code json} surely satisfies {@code vitals-batch-v1.schema.json}. */
    static boolean surelyBatch(JsonNode json) {
        if (!json.isObject() || json.size() != 2 || !text(json.get("schema"), VitalsJsonPayload.BATCH_SCHEMA_ID)) {
            return false;
        }
        JsonNode readings = json.get("readings");
        if (readings == null || !readings.isArray() || readings.isEmpty()
                || readings.size() > VitalsJsonPayload.MAX_BATCH_READINGS) {
            return false;
        }
        for (JsonNode r : readings) {
            if (!r.isObject() || r.has("schema") || r.has("status")) {
                return false;
            }
        }
        return true;
    }

    private static boolean results(JsonNode results) {
        if (!results.isArray() || results.isEmpty() || results.size() > VitalsJsonPayload.MAX_RESULTS) {
            return false;
        }
        for (JsonNode r : results) {
            if (!r.isObject()) {
                return false;
            }
            JsonNode code = r.get("code");
            if (code == null || !code.isTextual()) {
                return false;
            }
            VitalsJsonCode known = VitalsJsonCode.of(code.textValue()).orElse(null);
            boolean ok = known == VitalsJsonCode.BP ? bloodPressure(r)
                    : known != null && !known.component() && single(r, known);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A result or component of {@code code}: exactly code, a number and one of the code's units. */
    private static boolean single(JsonNode r, VitalsJsonCode code) {
        JsonNode value = r.get("value");
        JsonNode unit = r.get("unit");
        return r.size() == 3 && value != null && value.isNumber() && unit != null && unit.isTextual()
                && code.ranges.containsKey(unit.textValue());
    }

    private static boolean bloodPressure(JsonNode r) {
        JsonNode components = r.get("components");
        if (r.size() != 2 || components == null || !components.isArray() || components.size() < 2
                || components.size() > 3) {
            return false;
        }
        boolean sys = false;
        boolean dia = false;
        for (JsonNode c : components) {
            JsonNode code = c.get("code");
            VitalsJsonCode known = code == null || !code.isTextual() ? null
                    : VitalsJsonCode.of(code.textValue()).orElse(null);
            if (known == null || !known.component() || !single(c, known)) {
                return false;
            }
            sys |= known == VitalsJsonCode.SYS;
            dia |= known == VitalsJsonCode.DIA;
        }
        return sys && dia;
    }

    private static boolean status(JsonNode status) {
        if (!status.isObject() || !onlyFields(status, STATUS_FIELDS)) {
            return false;
        }
        JsonNode state = status.get("state");
        JsonNode text = status.get("text");
        return state != null && state.isTextual() && STATES.contains(state.textValue())
                && (text == null || text.isTextual() && text.textValue().length() <= 200);
    }

    /** Absent, or 1..64 UTF-16 units (so surely 1..64 code points). */
    private static boolean identifier(JsonNode id) {
        return id == null || id.isTextual() && !id.textValue().isEmpty() && id.textValue().length() <= 64;
    }

    private static boolean msgId(JsonNode id) {
        if (id == null || !id.isTextual()) {
            return false;
        }
        String s = id.textValue();
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The common shape {@link VitalsJsonTime} reads directly ({@code yyyy-mm-ddThh:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)},
     * every field in range, the day within its month), from year 1, with an offset of at most 14 hours and not
     * {@code -00:00} (RFC 3339's unknown offset, which the validator refuses): surely both the schema's pattern and
     * an RFC 3339 date-time.
     */
    private static boolean time(JsonNode time) {
        if (time == null || !time.isTextual()) {
            return false;
        }
        String s = time.textValue();
        if (VitalsJsonTime.canonical(s) == null || s.startsWith("0000")) {
            return false;
        }
        if (s.charAt(s.length() - 1) == 'Z') {
            return true;
        }
        int sign = s.length() - 6; // the direct reading took only Z or a +hh:mm / -hh:mm offset
        int hours = (s.charAt(sign + 1) - '0') * 10 + s.charAt(sign + 2) - '0';
        return hours <= 14 && !s.startsWith("-00:00", sign);
    }

    private static boolean text(JsonNode node, String expected) {
        return node != null && node.isTextual() && expected.equals(node.textValue());
    }

    private static boolean onlyFields(JsonNode object, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            if (!allowed.contains(names.next())) {
                return false;
            }
        }
        return true;
    }
}
