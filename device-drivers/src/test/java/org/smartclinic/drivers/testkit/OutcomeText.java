package org.smartclinic.drivers.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.FrameOutcome;

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
 * </pre>
 * Device codes in the driver's own system show as the bare code, other codes as {@code system|code}; printable
 * bytes are bracketed so a trailing space stays visible.
 */
public final class OutcomeText {

    private OutcomeText() {
    }

    public static List<String> render(List<FrameOutcome> outcomes, String driverId) {
        List<String> lines = new ArrayList<>();
        for (FrameOutcome outcome : outcomes) {
            switch (outcome) {
                case FrameOutcome.Accepted a -> {
                    lines.add("out: accepted ack=" + bytes(a.ack()) + " nak=" + bytes(a.nak()));
                    lines.add("  frame: [" + a.printable() + "]");
                    a.readings().forEach(r -> reading(r, driverId, lines));
                }
                case FrameOutcome.Rejected r -> {
                    lines.add("out: rejected " + r.reason().code() + " answer=" + bytes(r.answer()));
                    lines.add("  detail: " + r.detail());
                    lines.add("  bytes: [" + r.printable() + "]");
                }
            }
        }
        return lines;
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
        if (r.waveform() != null) {
            line.append(" waveform=").append(code(r.waveform().code(), driverId))
                    .append('/').append(r.waveform().samples().length).append(" samples");
        }
        lines.add(line.toString());
        r.measurements().forEach(m -> measurement(m, driverId, "    ", lines));
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
        m.components().forEach(c -> measurement(c, driverId, indent + "  ", lines));
    }

    private static String value(Value value, String driverId) {
        return switch (value) {
            case Value.Quantity q -> q.value().toPlainString() + " " + q.unit();
            case Value.Text t -> "\"" + t.text() + "\"";
            case Value.Coded c -> "coded=" + code(c.code(), driverId);
        };
    }

    private static String code(Code code, String driverId) {
        return code.isIn(Code.DEVICE_CODE_PREFIX + driverId) ? code.code() : code.system() + "|" + code.code();
    }

    private static String bytes(byte[] answer) {
        return answer.length == 0 ? "none" : Printable.of(answer);
    }

    /** The lines without indentation, as they are compared. */
    public static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::strip).collect(Collectors.toList());
    }
}
