package org.smartclinic.drivers.lab.astm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.codec.astm.record.AstmMessage;
import org.smartclinic.drivers.codec.astm.record.AstmOrder;
import org.smartclinic.drivers.codec.astm.record.AstmPatient;
import org.smartclinic.drivers.codec.astm.record.AstmResult;
import org.smartclinic.drivers.codec.astm.record.AstmTestId;
import org.smartclinic.drivers.lab.LabCodeTable;

/**
 * An E1394 message to readings: one {@link Reading} per O record that has results.
 * <ul>
 *   <li>sample id: O-3 (the tube's barcode); patient id as the analyzer knows it: P-3, else P-4;</li>
 *   <li>device time: R-13 (completed) of the order's first result, else H-14, in the device's zone;</li>
 *   <li>key {@code <sample>/<H-14 as sent, else R-13>/<O-2>}: the same when the analyzer sends the message again,
 *       different for another run of the same sample. Longer than {@link Reading#MAX_KEY_LENGTH}: {@code sha256:}
 *       and the first 40 hex digits of the SHA-256 of that text. It never holds patient data;</li>
 *   <li>panel: the order's first O-5 test code looked up in the table's {@code [panels]} (LOINC, then the
 *       analyzer's own code).</li>
 * </ul>
 * Identity from H-5 read as {@code model ^ firmware ^ serial}, the layout of every analyzer in the catalogue.
 */
final class AstmReadingMapper {

    private final String driverId;
    private final String deviceId;
    private final ZoneId zone;
    private final LabCodeTable table;
    private final int testCodeComponent;
    private final AstmMeasurementMapper measurements;

    AstmReadingMapper(String driverId, String deviceId, ZoneId zone, LabCodeTable table, int testCodeComponent) {
        this.driverId = driverId;
        this.deviceId = deviceId;
        this.zone = zone;
        this.table = table;
        this.testCodeComponent = testCodeComponent;
        this.measurements = new AstmMeasurementMapper(driverId, deviceId, table);
    }

    /** The identity the header states, if it states any part. */
    static Optional<DeviceIdentity> identity(AstmMessage message) {
        var sender = message.header().sender();
        DeviceIdentity id = new DeviceIdentity(sender.component(1), sender.component(3), sender.component(2));
        return id.model() == null && id.serialNumber() == null && id.firmware() == null ? Optional.empty()
                : Optional.of(id);
    }

    List<Reading> readings(AstmMessage message, Instant receivedAt) {
        List<Reading> out = new ArrayList<>();
        String headerTime = message.header().record().value(14);
        for (AstmPatient patient : message.patients()) {
            String patientId = firstNonEmpty(patient.practicePatientId(), patient.laboratoryPatientId());
            for (AstmOrder order : patient.orders()) {
                if (!order.results().isEmpty()) {
                    out.add(reading(order, patientId, headerTime, message, receivedAt));
                }
            }
        }
        return out;
    }

    private Reading reading(AstmOrder order, String patientId, String headerTime, AstmMessage message,
            Instant receivedAt) {
        List<Measurement> list = new ArrayList<>(order.results().size());
        for (AstmResult result : order.results()) {
            list.add(measurements.map(result));
        }
        AstmResult first = order.results().get(0);
        Optional<LocalDateTime> time = first.completedTime().or(() -> message.header().messageTime());
        String sample = order.specimenId();
        String when = headerTime.isEmpty() ? first.record().value(13) : headerTime;
        String key = key(sample + "/" + when + "/" + order.record().value(2));
        return new Reading(deviceId, key, time.map(t -> t.atZone(zone).toInstant()).orElse(null), receivedAt, list,
                null, sample.isEmpty() ? null : sample, patientId, panel(order));
    }

    private List<Code> panel(AstmOrder order) {
        List<AstmTestId> tests = order.testIds();
        if (tests.isEmpty()) {
            return List.of();
        }
        String code = tests.get(0).component(testCodeComponent);
        return table.panel(code).map(loinc -> List.of(loinc, Code.deviceCode(driverId, code, loinc.display())))
                .orElse(List.of());
    }

    static String key(String text) {
        if (!text.isEmpty() && text.length() <= Reading.MAX_KEY_LENGTH) {
            return text;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String firstNonEmpty(String a, String b) {
        return !a.isEmpty() ? a : !b.isEmpty() ? b : null;
    }
}
