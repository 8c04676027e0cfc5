package org.smartclinic.drivers.instrument.iot.vitalsjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link VitalsJsonShape} against the general validator of the same schemas: on many random documents, near the
 * schema's edges on purpose, the quick path never accepts what the validator refuses, and it accepts every document
 * of the usual shape.
 */
class VitalsJsonShapeTest {

    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);
    private static final VitalsJsonSchema MESSAGE = VitalsJsonSchema.load();
    private static final VitalsJsonSchema BATCH = VitalsJsonSchema.loadBatch();
    private static final List<String> CODES = List.of("temp", "spo2", "pulse", "bp", "resp", "weight", "height",
            "glucose", "ecg", "Temp", "", "sys", "map");
    private static final List<String> UNITS = List.of("Cel", "[degF]", "%", "/min", "kg", "[lb_av]", "cm", "[in_i]",
            "mg/dL", "mmol/L", "mm[Hg]", "kPa", "cel", "");

    @Test
    void neverAcceptsWhatTheValidatorRefuses() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int quick = 0;
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            JsonNode doc = edgy(random);
            boolean surely = VitalsJsonShape.surelyMessage(doc);
            Optional<String> violation = MESSAGE.byValidator(doc);
            if (surely) {
                quick++;
                assertThat(violation).as("seed %d: quick path accepted %s", seed, doc).isEmpty();
            }
            if (violation.isEmpty()) {
                valid++;
            }
        }
        // both sides of the line are exercised
        assertThat(quick).as("seed %d", seed).isGreaterThan(1_000);
        assertThat(valid - quick).as("seed %d: valid, but left to the validator", seed).isGreaterThan(0);
        assertThat(20_000 - valid).as("seed %d: refused", seed).isGreaterThan(5_000);
    }

    @Test
    void acceptsTheUsualShapeWithoutTheValidator() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            ObjectNode doc = usual(random);
            assertThat(MESSAGE.byValidator(doc)).as("seed %d: %s", seed, doc).isEmpty();
            assertThat(VitalsJsonShape.surelyMessage(doc)).as("seed %d: %s", seed, doc).isTrue();
        }
    }

    @Test
    void batchEnvelopeAgreesWithItsSchema() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int quick = 0;
        for (int i = 0; i < 3_000; i++) {
            ObjectNode batch = F.objectNode();
            if (random.nextInt(10) > 0) {
                batch.put("schema", random.nextInt(8) > 0 ? VitalsJsonPayload.BATCH_SCHEMA_ID
                        : VitalsJsonPayload.SCHEMA_ID);
            }
            if (random.nextInt(10) > 0) {
                ArrayNode readings = batch.putArray("readings");
                int n = random.nextInt(6) == 0 ? 499 + random.nextInt(3) : random.nextInt(4);
                for (int r = 0; r < n; r++) {
                    ObjectNode element = usual(random);
                    element.remove(List.of("schema", "status"));
                    if (random.nextInt(200) == 0) {
                        element.put(random.nextBoolean() ? "schema" : "status", "x");
                    }
                    readings.add(random.nextInt(300) == 0 ? F.textNode("x") : element);
                }
            }
            if (random.nextInt(15) == 0) {
                batch.put("deviceId", "d1");
            }
            boolean surely = VitalsJsonShape.surelyBatch(batch);
            Optional<String> violation = BATCH.byValidator(batch);
            assertThat(surely).as("seed %d: %s", seed, violation).isEqualTo(violation.isEmpty());
            quick += surely ? 1 : 0;
        }
        assertThat(quick).as("seed %d", seed).isBetween(500, 2_900);
    }

    @Test
    void leavesNearLimitFormsToTheValidator() {
        ObjectNode doc = usual(new Random(1));
        doc.put("time", "2024-02-29T23:59:59.123456789+14:00");
        assertThat(VitalsJsonShape.surelyMessage(doc)).isTrue();
        doc.put("time", "2023-02-29T10:00:00Z");
        assertThat(VitalsJsonShape.surelyMessage(doc)).isFalse();
        assertThat(MESSAGE.byValidator(doc)).isPresent();
        doc.put("time", "2024-01-01T10:00:00+16:00");
        assertThat(VitalsJsonShape.surelyMessage(doc)).isFalse();
        doc.put("time", "2024-01-01T10:00:00Z");
        doc.put("sampleId", "\uD83D\uDE00".repeat(40)); // 40 code points, 80 UTF-16 units: valid, left to the validator
        assertThat(VitalsJsonShape.surelyMessage(doc)).isFalse();
        assertThat(MESSAGE.byValidator(doc)).isEmpty();
    }

    /** A message of the usual shape, valid by construction. */
    private static ObjectNode usual(Random random) {
        ObjectNode doc = F.objectNode();
        doc.put("schema", VitalsJsonPayload.SCHEMA_ID);
        doc.put("msgId", "m" + Long.toHexString(random.nextLong()));
        doc.put("time", String.format("20%02d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(100),
                1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
                random.nextInt(60), random.nextBoolean() ? "" : "." + (1 + random.nextInt(999)),
                random.nextBoolean() ? "Z" : String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-",
                        1 + random.nextInt(14), random.nextInt(4) * 15)));
        boolean results = random.nextInt(5) > 0;
        if (results) {
            ArrayNode list = doc.putArray("results");
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                int c = random.nextInt(8);
                String code = CODES.get(c);
                ObjectNode r = list.addObject();
                r.put("code", code);
                if (code.equals("bp")) {
                    ArrayNode comps = r.putArray("components");
                    String unit = random.nextBoolean() ? "mm[Hg]" : "kPa";
                    for (String part : random.nextBoolean() ? List.of("sys", "dia") : List.of("dia", "map", "sys")) {
                        comps.addObject().put("code", part).put("value", 40 + random.nextInt(150)).put("unit", unit);
                    }
                } else {
                    r.put("value", new java.math.BigDecimal(random.nextInt(2000)).movePointLeft(1));
                    r.put("unit", VitalsJsonCode.of(code).orElseThrow().ranges.keySet().iterator().next());
                }
            }
        }
        if (!results || random.nextBoolean()) {
            ObjectNode status = doc.putObject("status");
            status.put("state", List.of("ready", "measuring", "error").get(random.nextInt(3)));
            if (random.nextBoolean()) {
                status.put("text", "cuff ok");
            }
        }
        if (random.nextInt(4) == 0) {
            doc.put("sampleId", "S" + random.nextInt(1_000_000));
        }
        if (random.nextInt(4) == 0) {
            doc.put("patientId", "P" + random.nextInt(1_000_000));
        }
        return doc;
    }

    /** A usual message with one to three random changes, most of them at the schema's edges. */
    private static JsonNode edgy(Random random) {
        if (random.nextInt(200) == 0) {
            return random.nextBoolean() ? F.arrayNode() : F.textNode("x");
        }
        ObjectNode doc = usual(random);
        int changes = random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            change(doc, random);
        }
        return doc;
    }

    private static void change(ObjectNode doc, Random random) {
        switch (random.nextInt(14)) {
            case 0 -> doc.remove(List.of("schema", "msgId", "time", "results", "status").get(random.nextInt(5)));
            case 1 -> doc.put(List.of("deviceId", "serial", "Schema", "extra").get(random.nextInt(4)), "x");
            case 2 -> doc.put("schema", List.of("smartclinic.vitals/2", "", VitalsJsonPayload.BATCH_SCHEMA_ID)
                    .get(random.nextInt(3)));
            case 3 -> doc.put("msgId",
                    pick(random, "", "a".repeat(64), "a".repeat(65), "a b", "a/b", "é", "a:b.c-d_e"));
            case 4 -> doc.put("time", pick(random, "2024-02-29T10:00:00Z", "2023-02-29T10:00:00Z",
                    "2024-13-01T10:00:00Z", "2024-04-31T10:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:59:60Z",
                    "2024-01-01T10:00:00", "2024-01-01t10:00:00z", "2024-01-01T10:00:00.Z",
                    "2024-01-01T10:00:00.1234567890Z", "2024-01-01T10:00:00+18:00", "2024-01-01T10:00:00-14:00",
                    "2024-01-01T10:00:00+23:59", "2024-01-01T10:00:00+24:00", "2024-01-01T10:00:00-00:00",
                    "2024-01-01T10:00:00+00:00", "0000-01-01T00:00:00Z",
                    "2024-01-01 10:00:00Z", "2024-1-01T10:00:00Z", "2024-01-01T10:00:00+0300"));
            case 5 -> doc.set("time", random.nextBoolean() ? F.numberNode(1) : F.nullNode());
            case 6 -> doc.put(random.nextBoolean() ? "sampleId" : "patientId",
                    pick(random, "", "s".repeat(64), "s".repeat(65), "\uD83D\uDE00".repeat(33)));
            case 7 -> {
                ObjectNode status = doc.putObject("status");
                status.put("state", pick(random, "ready", "busy", "Ready"));
                if (random.nextBoolean()) {
                    status.put("text", "t".repeat(199 + random.nextInt(3)));
                }
                if (random.nextInt(4) == 0) {
                    status.put("code", 1);
                }
            }
            case 8 -> doc.putArray("results");
            case 9 -> {
                ArrayNode many = doc.putArray("results");
                for (int i = 0; i < 20 + random.nextInt(2); i++) {
                    many.addObject().put("code", "pulse").put("value", 60).put("unit", "/min");
                }
            }
            default -> changeResult(doc, random);
        }
    }

    private static void changeResult(ObjectNode doc, Random random) {
        ArrayNode results = doc.has("results") && doc.get("results").isArray() && !doc.get("results").isEmpty()
                ? (ArrayNode) doc.get("results") : doc.putArray("results");
        ObjectNode r = results.addObject();
        String code = random.nextInt(3) == 0 ? "bp" : CODES.get(random.nextInt(CODES.size()));
        r.put("code", code);
        switch (random.nextInt(6)) {
            case 0 -> r.put("value", 1).put("unit", UNITS.get(random.nextInt(UNITS.size())));
            case 1 -> r.put("value", "36.6").put("unit", "Cel");
            case 2 -> r.put("unit", "Cel");
            case 3 -> bloodPressure(r.put("code", "bp").putArray("components"), random);
            case 4 -> r.put("value", 1).put("unit", "Cel").putArray("components");
            default -> r.set("value", random.nextBoolean() ? F.nullNode() : F.booleanNode(true));
        }
        if (random.nextInt(10) == 0) {
            r.put("note", "x");
        }
    }

    /** A blood pressure's components, with at most one thing wrong. */
    private static void bloodPressure(ArrayNode comps, Random random) {
        for (String part : random.nextBoolean() ? List.of("sys", "dia") : List.of("sys", "dia", "map")) {
            comps.addObject().put("code", part).put("value", 90).put("unit", "mm[Hg]");
        }
        ObjectNode one = (ObjectNode) comps.get(random.nextInt(comps.size()));
        switch (random.nextInt(8)) {
            case 0 -> one.put("unit", pick(random, "mmHg", "Cel", "kpa"));
            case 1 -> one.put("code", pick(random, "pulse", "SYS", "map"));
            case 2 -> one.remove(pick(random, "code", "value", "unit"));
            case 3 -> one.put("value", "90");
            case 4 -> one.put("extra", 1);
            case 5 -> comps.remove(0);
            case 6 -> comps.addObject().put("code", "map").put("value", 90).put("unit", "kPa");
            default -> { }
        }
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }
}
