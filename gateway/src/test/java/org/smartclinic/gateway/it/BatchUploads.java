package org.smartclinic.gateway.it;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Value;
import org.smartclinic.fhir.DeviceInfo;
import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.fhir.UcumUnits;
import org.smartclinic.fhir.UploadBundleFactory;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.uplink.BatchSender;

/**
 * Pulse readings of several devices in one exam, each as the transaction the uplink builds for it (the gateway's
 * own {@link UploadBundleFactory}) and wrapped as a pending outbox item, ready for {@link BatchSender}. A
 * "poison" reading names an EHR patient that does not exist: every FHIR server refuses it (400, HAPI-1094),
 * alone, while the others are fine.
 */
public final class BatchUploads {

    /** The gateway id the readings are identified under. */
    public static final String GATEWAY_ID = "batch-gw";
    /** The system of the exam's patient. */
    public static final String PATIENT_SYSTEM = "urn:oid:1.2.643.100.3";

    private static final UploadBundleFactory FACTORY = new UploadBundleFactory(new MapperSettings(GATEWAY_ID,
            MapperSettings.DEFAULT_IDENTIFIER_SYSTEM), UcumUnits.standard());

    private BatchUploads() {
    }

    /**
     * {@code count} readings in exam {@code examId}, spread round-robin over {@code devices} devices
     * ({@code <examId>-dev-<n>}); the readings at {@code poison} indices name a missing EHR patient.
     */
    public static List<BatchSender.Prepared> readings(String examId, String patientValue, int count, int devices,
            Instant openedAt, int... poison) throws MappingException {
        List<BatchSender.Prepared> out = new ArrayList<>();
        ExamBinding good = new ExamBinding(examId, "room-1", new PatientIdentifier(PATIENT_SYSTEM, patientValue),
                openedAt);
        ExamBinding bad = new ExamBinding(examId, "room-1", null, "Patient/no-such-" + examId, openedAt, 1, null,
                null);
        for (int i = 0; i < count; i++) {
            String device = examId + "-dev-" + (i % devices);
            Instant at = openedAt.plusSeconds(i + 1L);
            Reading r = Reading.of(device, "k-" + i, at, at, List.of(Measurement.of(Code.deviceCode("pulse", "PR",
                    "Pulse"), List.of(new Code(Code.LOINC, "8867-4", "Heart rate")), new Value.Quantity(
                    BigDecimal.valueOf(60 + i % 40), "bpm"))));
            boolean isPoison = contains(poison, i);
            Bundle tx = FACTORY.transaction(r, isPoison ? bad : good, new DeviceInfo(device, "pulse", "Pulse meter",
                    "SN-" + device, "room-1"));
            out.add(new BatchSender.Prepared(item(i + 1L, device, examId, openedAt), tx));
        }
        return out;
    }

    /** A sender posting through the test's own FHIR client. */
    public static BatchSender sender(Ehr ehr) {
        return new BatchSender(ehr::transaction, Clock.systemUTC());
    }

    private static Outbox.Item item(long id, String device, String examId, Instant created) {
        return new Outbox.Item(id, Outbox.Kind.READING, id, examId, device, Outbox.State.PENDING, 0, created, null,
                null, List.of(), "1", new Outbox.Times(null, null, null, null));
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
