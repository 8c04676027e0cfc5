package org.smartclinic.drivers.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.Waveform;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.Outcome;

/**
 * Renders driver outcomes as the expectation lines of a {@link DriverVector}, indented, ready to paste:
 * <pre>
 *   out: accepted ack=&lt;ACK&gt; nak=&lt;NAK&gt;
 *     frame: [printable frame]
 *     reading key=... device-time=2026-11-23T09:15:00Z
 *       BP loinc=85354-9 mdc=150020
 *         SYS 128 mmHg loinc=8480-6 mdc=150021
 *   out: rejected bad_checksum answer=&lt;NAK&gt;
 *     detail: checksum 3F, computed 3E
 *     bytes: [printable bytes]
 *   out: status ERROR "cuff leak"
 *   out: identity model=OX-300 serial=A123 firmware=2.1
 *   out: waveform pleth seq=4 start=2026-11-23T12:00:00Z period=8000us gap=0
 *     150452 x0.01 1: 12 13 14 INVALID
 *   out: settled accept reply=none            (message vectors: how each message was settled)
 * </pre>
 * Device codes in the driver's own system show as the bare code, other codes as {@code system|code}; printable
 * bytes are bracketed so a trailing space stays visible; a frame longer than 256 bytes shows its first 256.
 */
public final class OutcomeText {

    private OutcomeText() {
    }

    public static List<String> render(List<Outcome> outcomes, String driverId) {
        List<String> lines = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            switch (outcome) {
                case Outcome.Accepted a -> {
                    lines.add("out: accepted ack=" + bytes(a.ack()) + " nak=" + bytes(a.nak()));
                    lines.add("  frame: [" + a.printable() + "]");
                    a.readings().forEach(r -> reading(r, driverId, lines));
                }
                case Outcome.Rejected r -> {
                    lines.add("out: rejected " + r.reason().code() + " answer=" + bytes(r.answer()));
                    lines.add("  detail: " + r.detail());
                    lines.add("  bytes: [" + r.printable() + "]");
                }
                case Outcome.StatusReport s -> lines.add("out: status " + s.status().state()
                        + (s.status().text().isEmpty() ? "" : " \"" + s.status().text() + "\""));
                case Outcome.IdentityReport i -> lines.add("out: identity " + identity(i.identity()));
                case Outcome.WaveformChunk w -> waveform(w.waveform(), driverId, lines);
            }
        }
        return lines;
    }

    /** The line for a message's settlement: {@code out: settled accept|reject|retry reply=...}. */
    public static String settlement(String how, byte[] reply) {
        return "out: settled " + how + " reply=" + bytes(reply);
    }

    private static String identity(DeviceIdentity id) {
        return "model=" + id.model() + " serial=" + id.serialNumber() + " firmware=" + id.firmware();
    }

    private static void reading(Reading r, String driverId, List<String> lines) {
        StringBuilder line = new StringBuilder("  reading key=").append(r.key())
                .append(" device-time=").append(r.deviceTime() == null ? "none" : r.deviceTime());
        if (r.sampleId() != null) {
            line.append(" sample=").append(r.sampleId());
        }
        if (r.devicePatientId() != null) {
            line.append(" patient=").append(r.devicePatientId());
        }
        lines.add(line.toString());
        if (!r.panel().isEmpty()) {
            lines.add("    panel " + r.panel().stream().map(c -> c.isIn(Code.LOINC) ? "loinc=" + c.code()
                    : code(c, driverId)).collect(Collectors.joining(" ")));
        }
        if (r.waveform() != null) {
            Waveform w = r.waveform();
            lines.add("    waveform " + code(w.code(), driverId) + " " + w.samples().length + " samples every "
                    + w.periodMillis() + " ms x" + w.factor() + " " + w.unit());
        }
        r.measurements().forEach(m -> measurement(m, driverId, "    ", lines));
    }

    private static void waveform(StreamedWaveform w, String driverId, List<String> lines) {
        lines.add("out: waveform " + w.stream() + " seq=" + w.sequence() + " start=" + w.start() + " period="
                + w.periodMicros() + "us gap=" + w.gapBefore());
        for (StreamedWaveform.Channel c : w.channels()) {
            lines.add("  " + code(c.code(), driverId) + " x" + c.factor() + " " + c.unit() + ": "
                    + Arrays.stream(c.samples()).mapToObj(s -> s == StreamedWaveform.INVALID ? "INVALID"
                            : String.valueOf(s)).collect(Collectors.joining(" ")));
        }
    }

    private static void measurement(Measurement m, String driverId, String indent, List<String> lines) {
        StringBuilder line = new StringBuilder(indent).append(code(m.deviceCode(), driverId));
        if (m.value() != null) {
            line.append(' ').append(value(m.value(), driverId));
        }
        for (Code c : m.codes()) {
            line.append(' ').append(c.isIn(Code.LOINC) ? "loinc=" + c.code()
                    : c.isIn(Code.MDC) ? "mdc=" + c.code() : c.system() + "|" + c.code());
        }
        lines.add(line.toString());
        if (m.lab() != null) {
            lab(m.lab(), indent + "  ", lines);
        }
        m.components().forEach(c -> measurement(c, driverId, indent + "  ", lines));
    }

    /** {@code lab status=FINAL range=[4.0..6.0 %] "4.0-6.0" flags=H interpretation=H}, then the note if any. */
    private static void lab(LabResult lab, String indent, List<String> lines) {
        StringBuilder line = new StringBuilder(indent).append("lab status=").append(lab.status());
        if (lab.range() != null) {
            LabResult.Range r = lab.range();
            line.append(" range=[").append(r.low() == null ? "" : r.low().toPlainString()).append("..")
                    .append(r.high() == null ? "" : r.high().toPlainString())
                    .append(r.unit().isEmpty() ? "" : " " + r.unit()).append("] \"").append(r.text()).append('"');
        }
        if (!lab.deviceFlags().isEmpty()) {
            line.append(" flags=").append(String.join(",", lab.deviceFlags()));
        }
        if (!lab.interpretations().isEmpty()) {
            line.append(" interpretation=")
                    .append(lab.interpretations().stream().map(Code::code).collect(Collectors.joining(",")));
        }
        lines.add(line.toString());
        if (lab.note() != null) {
            lines.add(indent + "note: " + lab.note());
        }
    }

    private static String value(Value value, String driverId) {
        return switch (value) {
            case Value.Quantity q -> q.value().toPlainString() + " " + q.unit();
            case Value.Text t -> "\"" + t.text() + "\"";
            case Value.Coded c -> "coded=" + code(c.code(), driverId);
        };
    }

    private static String code(Code code, String driverId) {
        if (code.isIn(Code.DEVICE_CODE_PREFIX + driverId)) {
            return code.code();
        }
        return code.isIn(Code.MDC) ? "mdc=" + code.code() : code.system() + "|" + code.code();
    }

    private static String bytes(byte[] answer) {
        return answer.length == 0 ? "none" : Printable.of(answer);
    }

    /** The lines without indentation, as they are compared. */
    public static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::strip).collect(Collectors.toList());
    }
}
