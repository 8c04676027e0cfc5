package org.smartclinic.gateway.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.Waveform;
import org.smartclinic.gateway.binding.IsoInstant;

/**
 * The journal's JSON form of a {@link Reading}. Written by hand rather than by reflection so that the stored
 * form is explicit and stays readable by later versions (streamed with a generator, not built as a tree: encoding
 * every stored reading was a fifth of a device link's CPU at full ingest): numbers as strings (no precision lost), instants as
 * ISO-8601, value kinds tagged. Readings journaled by version 1 also hold a {@code rawFrame} field, ignored now:
 * the raw bytes live in the raw-capture store.
 */
public final class ReadingCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadingCodec() {
    }

    public static String toJson(Reading r) {
        return new String(toUtf8(r, IsoInstant.of(r.deviceTime()), IsoInstant.of(r.receivedAt())),
                StandardCharsets.UTF_8);
    }

    /**
     * {@link #toJson(Reading)} as UTF-8, the reading's two times already as text ({@link IsoInstant#of}): the form
     * the journal stores, made on the device's thread so that the writer thread, which every device waits for, does
     * not encode the text again (as the JDBC driver does with a string parameter).
     */
    static byte[] toUtf8(Reading r, String deviceTime, String receivedAt) {
        ByteSink out = ByteSink.OF_THREAD.get().reset();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("deviceId", r.deviceId());
            g.writeStringField("key", r.key());
            g.writeStringField("deviceTime", deviceTime);
            g.writeStringField("receivedAt", receivedAt);
            g.writeArrayFieldStart("measurements");
            for (Measurement m : r.measurements()) {
                measurement(g, m);
            }
            g.writeEndArray();
            if (r.waveform() != null) {
                waveform(g, r.waveform());
            }
            g.writeStringField("sampleId", r.sampleId());
            g.writeStringField("devicePatientId", r.devicePatientId());
            if (!r.panel().isEmpty()) {
                codes(g, "panel", r.panel());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a reading's JSON to memory", e);
        }
        return out.take();
    }

    /**
     * The bytes a thread's readings are written into, kept for its next reading: a new stream per reading allocated
     * and grew a buffer each time, while every device link encodes each reading it journals.
     */
    private static final class ByteSink extends OutputStream {

        static final ThreadLocal<ByteSink> OF_THREAD = ThreadLocal.withInitial(ByteSink::new);
        /** Kept no larger than this between readings (a long waveform's JSON is not kept for the next pulse). */
        private static final int KEEP_BYTES = 64 * 1024;

        private byte[] bytes = new byte[1024];
        private int size;

        ByteSink reset() {
            size = 0;
            return this;
        }

        byte[] take() {
            byte[] out = Arrays.copyOf(bytes, size);
            if (bytes.length > KEEP_BYTES) {
                bytes = new byte[1024];
            }
            return out;
        }

        @Override
        public void write(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void room(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
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

    private static void waveform(JsonGenerator g, Waveform w) throws IOException {
        g.writeObjectFieldStart("waveform");
        code(g, "code", w.code());
        g.writeStringField("unit", w.unit());
        g.writeNumberField("periodMillis", w.periodMillis());
        g.writeNumberField("factor", w.factor());
        g.writeArrayFieldStart("samples");
        for (int sample : w.samples()) {
            g.writeNumber(sample);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void measurement(JsonGenerator g, Measurement m) throws IOException {
        g.writeStartObject();
        code(g, "deviceCode", m.deviceCode());
        codes(g, "codes", m.codes());
        if (m.value() != null) {
            g.writeFieldName("value");
            value(g, m.value());
        }
        g.writeArrayFieldStart("components");
        for (Measurement c : m.components()) {
            measurement(g, c);
        }
        g.writeEndArray();
        if (m.lab() != null) {
            lab(g, m.lab());
        }
        g.writeEndObject();
    }

    private static void lab(JsonGenerator g, LabResult lab) throws IOException {
        g.writeObjectFieldStart("lab");
        if (lab.range() != null) {
            g.writeObjectFieldStart("range");
            g.writeStringField("low", lab.range().low() == null ? null : lab.range().low().toPlainString());
            g.writeStringField("high", lab.range().high() == null ? null : lab.range().high().toPlainString());
            g.writeStringField("unit", lab.range().unit());
            g.writeStringField("text", lab.range().text());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("deviceFlags");
        for (String flag : lab.deviceFlags()) {
            g.writeString(flag);
        }
        g.writeEndArray();
        codes(g, "interpretations", lab.interpretations());
        g.writeStringField("status", lab.status().name());
        g.writeStringField("note", lab.note());
        g.writeEndObject();
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

    private static void value(JsonGenerator g, Value v) throws IOException {
        g.writeStartObject();
        switch (v) {
            case Value.Quantity q -> {
                g.writeStringField("type", "quantity");
                g.writeStringField("value", q.value().toPlainString());
                g.writeStringField("unit", q.unit());
            }
            case Value.Text t -> {
                g.writeStringField("type", "text");
                g.writeStringField("text", t.text());
            }
            case Value.Coded c -> {
                g.writeStringField("type", "coded");
                code(g, "code", c.code());
            }
        }
        g.writeEndObject();
    }

    private static Value value(JsonNode n) {
        return switch (n.get("type").asText()) {
            case "quantity" -> new Value.Quantity(new BigDecimal(n.get("value").asText()), n.get("unit").asText());
            case "text" -> new Value.Text(n.get("text").asText());
            case "coded" -> new Value.Coded(code(n.get("code")));
            default -> throw new IllegalStateException("unknown value type " + n.get("type"));
        };
    }

    private static void codes(JsonGenerator g, String field, List<Code> codes) throws IOException {
        g.writeArrayFieldStart(field);
        for (Code c : codes) {
            code(g, null, c);
        }
        g.writeEndArray();
    }

    /** A code object, as field {@code field}, or as an array element when {@code field} is null. */
    private static void code(JsonGenerator g, String field, Code c) throws IOException {
        if (field == null) {
            g.writeStartObject();
        } else {
            g.writeObjectFieldStart(field);
        }
        g.writeStringField("system", c.system());
        g.writeStringField("code", c.code());
        g.writeStringField("display", c.display());
        g.writeEndObject();
    }

    private static Code code(JsonNode n) {
        return new Code(n.get("system").asText(), n.get("code").asText(), n.get("display").asText());
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : IsoInstant.parse(n.asText());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
