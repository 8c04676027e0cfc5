package org.smartclinic.gateway.journal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.Waveform;

/**
 * The journal's JSON form of a {@link Reading}. Written by hand rather than by reflection so that the stored
 * form is explicit and stays readable by later versions: numbers as strings (no precision lost), instants as
 * ISO-8601, value kinds tagged. Readings journaled by version 1 also hold a {@code rawFrame} field, ignored now:
 * the raw bytes live in the raw-capture store.
 */
public final class ReadingCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadingCodec() {
    }

    public static String toJson(Reading r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("deviceId", r.deviceId());
        n.put("key", r.key());
        n.put("deviceTime", r.deviceTime() == null ? null : r.deviceTime().toString());
        n.put("receivedAt", r.receivedAt().toString());
        ArrayNode ms = n.putArray("measurements");
        r.measurements().forEach(m -> ms.add(measurement(m)));
        if (r.waveform() != null) {
            Waveform w = r.waveform();
            ObjectNode wn = n.putObject("waveform");
            wn.set("code", code(w.code()));
            wn.put("unit", w.unit());
            wn.put("periodMillis", w.periodMillis());
            wn.put("factor", w.factor());
            ArrayNode samples = wn.putArray("samples");
            for (int s : w.samples()) {
                samples.add(s);
            }
        }
        n.put("sampleId", r.sampleId());
        n.put("devicePatientId", r.devicePatientId());
        if (!r.panel().isEmpty()) {
            ArrayNode panel = n.putArray("panel");
            r.panel().forEach(c -> panel.add(code(c)));
        }
        return n.toString();
    }

    public static Reading fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<Measurement> ms = new ArrayList<>();
            n.get("measurements").forEach(m -> ms.add(measurement(m)));
            Waveform w = null;
            JsonNode wn = n.get("waveform");
            if (wn != null && !wn.isNull()) {
                int[] samples = new int[wn.get("samples").size()];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = wn.get("samples").get(i).asInt();
                }
                w = new Waveform(code(wn.get("code")), wn.get("unit").asText(), wn.get("periodMillis").asDouble(),
                        wn.get("factor").asDouble(), samples);
            }
            List<Code> panel = new ArrayList<>();
            if (n.hasNonNull("panel")) {
                n.get("panel").forEach(c -> panel.add(code(c)));
            }
            return new Reading(n.get("deviceId").asText(), n.get("key").asText(), instant(n.get("deviceTime")),
                    instant(n.get("receivedAt")), ms, w, text(n.get("sampleId")), text(n.get("devicePatientId")),
                    panel);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("journal holds a reading this version cannot read: " + e.getMessage(), e);
        }
    }

    private static ObjectNode measurement(Measurement m) {
        ObjectNode n = JSON.createObjectNode();
        n.set("deviceCode", code(m.deviceCode()));
        ArrayNode codes = n.putArray("codes");
        m.codes().forEach(c -> codes.add(code(c)));
        if (m.value() != null) {
            n.set("value", value(m.value()));
        }
        ArrayNode components = n.putArray("components");
        m.components().forEach(c -> components.add(measurement(c)));
        if (m.lab() != null) {
            n.set("lab", lab(m.lab()));
        }
        return n;
    }

    private static ObjectNode lab(LabResult lab) {
        ObjectNode n = JSON.createObjectNode();
        if (lab.range() != null) {
            ObjectNode range = n.putObject("range");
            range.put("low", lab.range().low() == null ? null : lab.range().low().toPlainString());
            range.put("high", lab.range().high() == null ? null : lab.range().high().toPlainString());
            range.put("unit", lab.range().unit());
            range.put("text", lab.range().text());
        }
        ArrayNode flags = n.putArray("deviceFlags");
        lab.deviceFlags().forEach(flags::add);
        ArrayNode interpretations = n.putArray("interpretations");
        lab.interpretations().forEach(c -> interpretations.add(code(c)));
        n.put("status", lab.status().name());
        n.put("note", lab.note());
        return n;
    }

    private static LabResult lab(JsonNode n) {
        LabResult.Range range = null;
        JsonNode r = n.get("range");
        if (r != null && !r.isNull()) {
            range = new LabResult.Range(decimal(r.get("low")), decimal(r.get("high")), r.get("unit").asText(),
                    r.get("text").asText());
        }
        List<String> flags = new ArrayList<>();
        n.get("deviceFlags").forEach(f -> flags.add(f.asText()));
        List<Code> interpretations = new ArrayList<>();
        n.get("interpretations").forEach(c -> interpretations.add(code(c)));
        return new LabResult(range, flags, interpretations, LabResult.Status.valueOf(n.get("status").asText()),
                text(n.get("note")));
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() ? null : new BigDecimal(n.asText());
    }

    private static Measurement measurement(JsonNode n) {
        List<Code> codes = new ArrayList<>();
        n.get("codes").forEach(c -> codes.add(code(c)));
        List<Measurement> components = new ArrayList<>();
        n.get("components").forEach(c -> components.add(measurement(c)));
        JsonNode v = n.get("value");
        JsonNode lab = n.get("lab");
        return new Measurement(code(n.get("deviceCode")), codes, v == null || v.isNull() ? null : value(v), components,
                lab == null || lab.isNull() ? null : lab(lab));
    }

    private static ObjectNode value(Value v) {
        ObjectNode n = JSON.createObjectNode();
        switch (v) {
            case Value.Quantity q -> {
                n.put("type", "quantity");
                n.put("value", q.value().toPlainString());
                n.put("unit", q.unit());
            }
            case Value.Text t -> {
                n.put("type", "text");
                n.put("text", t.text());
            }
            case Value.Coded c -> {
                n.put("type", "coded");
                n.set("code", code(c.code()));
            }
        }
        return n;
    }

    private static Value value(JsonNode n) {
        return switch (n.get("type").asText()) {
            case "quantity" -> new Value.Quantity(new BigDecimal(n.get("value").asText()), n.get("unit").asText());
            case "text" -> new Value.Text(n.get("text").asText());
            case "coded" -> new Value.Coded(code(n.get("code")));
            default -> throw new IllegalStateException("unknown value type " + n.get("type"));
        };
    }

    private static ObjectNode code(Code c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("system", c.system());
        n.put("code", c.code());
        n.put("display", c.display());
        return n;
    }

    private static Code code(JsonNode n) {
        return new Code(n.get("system").asText(), n.get("code").asText(), n.get("display").asText());
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
