package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.codetable.CodeTable;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * Driver of a generic connected IoT vitals device that publishes JSON over MQTT, schema {@code smartclinic.vitals/1}
 * (a format of this project; JSON Schema draft 2020-12 in {@code vitals-v1.schema.json} next to this class):
 * <pre>
 *   { "schema": "smartclinic.vitals/1",               required, exactly this
 *     "msgId": "0001a7",                               required, 1..64 of [A-Za-z0-9._:-]; the reading key
 *     "time": "2026-11-23T10:15:00+03:00",             required, RFC 3339 date-time with offset
 *     "results": [ {"code": "temp", "value": 36.8, "unit": "Cel"},
 *                  {"code": "bp", "components": [ {"code": "sys", "value": 120, "unit": "mm[Hg]"},
 *                                                 {"code": "dia", "value": 80, "unit": "mm[Hg]"} ]} ],
 *                                                      1..20 results; codes temp spo2 pulse bp resp weight
 *                                                      height glucose, each at most once
 *     "sampleId": "S-1",                               optional, 1..64 characters
 *     "patientId": "...",                              optional device-side patient id (never binds alone)
 *     "status": {"state": "ready|measuring|error", "text": "..."} }   optional
 * </pre>
 * A message has results, a status, or both. Units per code (schema): temp Cel or [degF]; spo2 %; pulse and resp
 * /min; weight kg or [lb_av]; height cm or [in_i]; glucose mg/dL or mmol/L; bp components sys and dia (map
 * optional) in mm[Hg] or kPa, all in one unit. No other property is allowed at any level: in particular a
 * {@code deviceId} or {@code serial} is out of schema, because a device's identity is its MQTT topic, never the
 * payload.
 * <ul>
 *   <li><b>Rejections</b> (settled for good, never redelivered): over 16 KiB OVERLONG; empty, not UTF-8, not JSON,
 *       a property twice, trailing content, {@code NaN} MALFORMED; any schema violation (a wrong or missing
 *       field, a wrong unit for its code, a string for a number, a time without offset or on a day that does not
 *       exist) OUT_OF_SCHEMA with the first violation's JSON path and message; a value outside its plausible
 *       range, sys not above dia, map not between them, bp components in different units, a code twice
 *       BAD_VALUE (ranges in {@code VitalsJsonCode}). No detail ever holds the patient id.</li>
 *   <li><b>Readings</b>: one per message with results: key {@code msgId} (a redelivery or a device retry stores
 *       once), device time {@code time}, values and units exactly as sent, sample id and device patient id as
 *       sent. Code table {@code vitalsjson-codes.csv}: LOINC and MDC per code; glucose by unit (41653-7 mg/dL,
 *       14743-9 mmol/L).</li>
 *   <li><b>Status</b>: a {@code status} becomes a {@link Outcome.StatusReport} before the accepted message; a
 *       status-only message is accepted without readings.</li>
 *   <li><b>Batches</b>: {@code {"schema": "smartclinic.vitals-batch/1", "readings": [ ... ]}}, 1..500 elements,
 *       each a message as above without {@code schema} and {@code status}; up to
 *       {@link VitalsJsonPayload#MAX_BATCH_BYTES} (a payload is read that far only when it names the batch schema).
 *       An envelope violation rejects the message; each element is checked as the message it would have been and
 *       rejected alone when bad, with its path ({@code $.readings[3]...}); the good ones are one accepted outcome
 *       (see {@link VitalsJsonBatch}).</li>
 *   <li><b>Answers</b>: none of its own; the transport acknowledges (MQTT PUBACK) once stored.</li>
 * </ul>
 */
public final class VitalsJsonDriver implements MessageDriver {

    /** The driver id, also the system suffix of its device codes. */
    public static final String DRIVER_ID = "vitals-json";

    private static final CodeTable CODES = CodeTable.load(VitalsJsonDriver.class, "vitalsjson-codes.csv")
            .requireAll("temp", "spo2", "pulse", "bp", "sys", "dia", "map", "resp", "weight", "height",
                    "glucose[mg/dL]", "glucose[mmol/L]");
    private static final byte[] NONE = new byte[0];

    private final DriverContext context;
    private final VitalsJsonSchema schema;
    private final VitalsJsonContent content = new VitalsJsonContent(CODES);
    private final VitalsJsonBatch batch;

    /**
     * A driver for the device {@code context} describes, validating messages with {@code schema} and batch envelopes
     * with {@code batchSchema} (both shared, loaded once).
     */
    public VitalsJsonDriver(DriverContext context, VitalsJsonSchema schema, VitalsJsonSchema batchSchema) {
        this.context = Objects.requireNonNull(context, "context");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.batch = new VitalsJsonBatch(Objects.requireNonNull(batchSchema, "batchSchema"), schema, content);
    }

    @Override
    public List<Outcome> onMessage(InboundMessage message) {
        byte[] raw = message.payload();
        boolean mayBeBatch = VitalsJsonBatch.mayBe(raw);
        return switch (VitalsJsonReader.read(raw, mayBeBatch ? VitalsJsonPayload.MAX_BATCH_BYTES
                : VitalsJsonPayload.MAX_BYTES)) {
            case VitalsJsonReader.Invalid i -> List.of(rejected(i.reason(), i.detail(), raw));
            case VitalsJsonReader.Parsed p when VitalsJsonBatch.is(p.json()) ->
                    batch.outcomes(p.json(), raw, context.deviceId(), message.receivedAt());
            case VitalsJsonReader.Parsed p when raw.length > VitalsJsonPayload.MAX_BYTES -> {
                VitalsJsonReader.Invalid i = VitalsJsonReader.overlong(raw.length, VitalsJsonPayload.MAX_BYTES);
                yield List.of(rejected(i.reason(), i.detail(), raw));
            }
            case VitalsJsonReader.Parsed p -> {
                Optional<String> violation = schema.firstViolation(p.json());
                yield violation.isPresent() ? List.of(rejected(RejectReason.OUT_OF_SCHEMA, violation.get(), raw))
                        : outcomes(content.check(p.json()), message);
            }
        };
    }

    @Override
    public void reset() {
        // Stateless: every message stands alone.
    }

    private List<Outcome> outcomes(VitalsJsonContent.Checked checked, InboundMessage message) {
        return switch (checked) {
            case VitalsJsonContent.Bad bad -> List.of(rejected(RejectReason.BAD_VALUE, bad.detail(),
                    message.payload()));
            case VitalsJsonContent.Good good -> {
                List<Outcome> out = new ArrayList<>(2);
                if (good.status() != null) {
                    out.add(new Outcome.StatusReport(good.status()));
                }
                List<Reading> readings = good.measurements().isEmpty() ? List.of()
                        : List.of(new Reading(context.deviceId(), good.msgId(), good.deviceTime(),
                                message.receivedAt(), good.measurements(), null, good.sampleId(), good.patientId()));
                out.add(new Outcome.Accepted(readings, message.payload(), NONE, NONE));
                yield out;
            }
        };
    }

    private static Outcome rejected(RejectReason reason, String detail, byte[] raw) {
        byte[] kept = raw.length > VitalsJsonPayload.MAX_BYTES ? Arrays.copyOf(raw, VitalsJsonPayload.MAX_BYTES) : raw;
        return new Outcome.Rejected(reason, detail, kept, NONE);
    }
}
