package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.time.Year;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A quick, conservative reading of the two schemas ({@code vitals-v1.schema.json} and
 * {@code vitals-batch-v1.schema.json}) for the shape devices send every time: it answers true only for a document
 * the schema surely accepts, so {@link VitalsJsonSchema} may skip the general validator for it. Anything unusual
 * (a rare date form, a far offset, an identifier near its length limit in code points, any violation) answers false
 * and goes to the general validator, which stays the definition and writes the violation's text. Tests compare the
 * two on many random and mutated documents: whenever this says true, the validator finds nothing.
 */
final class VitalsJsonShape {

    private static final Set<String> MESSAGE_FIELDS = Set.of("schema", "msgId", "time", "results", "sampleId",
            "patientId", "status");
    private static final Map<String, Set<String>> UNITS = Map.of(
            "temp", Set.of("Cel", "[degF]"),
            "spo2", Set.of("%"),
            "pulse", Set.of("/min"),
            "resp", Set.of("/min"),
            "weight", Set.of("kg", "[lb_av]"),
            "height", Set.of("cm", "[in_i]"),
            "glucose", Set.of("mg/dL", "mmol/L"));
    private static final Set<String> BP_UNITS = Set.of("mm[Hg]", "kPa");
    private static final Set<String> STATES = Set.of("ready", "measuring", "error");

    private VitalsJsonShape() {
    }

    /** The units the schema allows for a result's {@code code} other than {@code bp}; empty for an unknown code. */
    static Set<String> unitsOf(String code) {
        return UNITS.getOrDefault(code, Set.of());
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
            boolean ok = "bp".equals(code.textValue()) ? bloodPressure(r) : single(r, UNITS.get(code.textValue()));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean single(JsonNode r, Set<String> units) {
        if (units == null || r.size() != 3) {
            return false;
        }
        JsonNode value = r.get("value");
        JsonNode unit = r.get("unit");
        return value != null && value.isNumber() && unit != null && unit.isTextual()
                && units.contains(unit.textValue());
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
            if (!c.isObject() || c.size() != 3) {
                return false;
            }
            JsonNode code = c.get("code");
            JsonNode value = c.get("value");
            JsonNode unit = c.get("unit");
            if (code == null || !code.isTextual() || value == null || !value.isNumber() || unit == null
                    || !unit.isTextual() || !BP_UNITS.contains(unit.textValue())) {
                return false;
            }
            switch (code.textValue()) {
                case "sys" -> sys = true;
                case "dia" -> dia = true;
                case "map" -> { }
                default -> {
                    return false;
                }
            }
        }
        return sys && dia;
    }

    private static boolean status(JsonNode status) {
        if (!status.isObject() || !onlyFields(status, Set.of("state", "text"))) {
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
     * {@code yyyy-mm-ddThh:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm)} with every field in range, the day within its month, and
     * an offset of at most 14 hours, not {@code -00:00} (RFC 3339's unknown offset): surely both the schema's pattern and an RFC 3339 date-time.
     */
    private static boolean time(JsonNode time) {
        if (time == null || !time.isTextual()) {
            return false;
        }
        String s = time.textValue();
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > Year.of(year).atMonth(month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int i = 19;
        if (s.charAt(i) == '.') {
            int from = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i - from < 1 || i - from > 9) {
                return false;
            }
        }
        if (i == n - 1) {
            return s.charAt(i) == 'Z';
        }
        if (i != n - 6 || s.charAt(i) != '+' && s.charAt(i) != '-' || s.charAt(i + 3) != ':') {
            return false;
        }
        int offsetHours = digits(s, i + 1, 2);
        int offsetMinutes = digits(s, i + 4, 2);
        boolean unknownOffset = s.charAt(i) == '-' && offsetHours == 0 && offsetMinutes == 0; // "-00:00" is refused
        return offsetHours >= 0 && offsetHours <= 14 && offsetMinutes >= 0 && offsetMinutes <= 59 && !unknownOffset;
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
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
