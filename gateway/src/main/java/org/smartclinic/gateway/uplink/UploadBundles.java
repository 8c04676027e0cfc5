package org.smartclinic.gateway.uplink;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.BindingAudit;
import org.smartclinic.fhir.DeviceInfo;
import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.fhir.ExamReport;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.UcumUnits;
import org.smartclinic.fhir.UploadBundleFactory;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.device.ManagedDevice;
import org.smartclinic.gateway.journal.Corrections;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.StoredReading;

/** Builds the bundle for each kind of outbox item, from the journal's records and the device registry. */
@ApplicationScoped
public class UploadBundles {

    @Inject
    GatewayConfig config;

    @Inject
    DeviceManager devices;

    private UploadBundleFactory factory;

    @PostConstruct
    void init() {
        factory = new UploadBundleFactory(new MapperSettings(config.gatewayId(), config.fhir().identifierSystem()),
                UcumUnits.standard());
    }

    /** @throws MappingException if the reading cannot be coded (unknown unit, no LOINC): a dead letter */
    public Bundle forReading(StoredReading r) throws MappingException {
        return factory.transaction(r.reading(), r.examBinding(), deviceInfo(r.reading().deviceId(), r.station()));
    }

    public Bundle forClosedExam(Exam exam) {
        return factory.encounterFinished(exam.binding(), exam.closedAt());
    }

    /** The exam's DiagnosticReport with the Observations the EHR holds for it. */
    public Bundle forReport(Exam exam, List<String> observations, boolean amended, Instant issued) {
        return factory.examReport(new ExamReport(exam.binding(), exam.closedAt(), issued, observations,
                exam.conclusion(), amended));
    }

    /** The identifiers of the Observations a reading was uploaded with under {@code binding}. */
    public List<Identifier> observationIdentifiers(Reading reading, ExamBinding binding) throws MappingException {
        return factory.observationIdentifiers(reading, binding);
    }

    /** The AuditEvent of a binding change; {@code from}/{@code to} are the bindings before and after, if any. */
    public Bundle forAudit(Corrections.Change change, Reading reading, ExamBinding from, ExamBinding to)
            throws MappingException {
        ExamBinding named = from != null ? from : to;
        List<Identifier> observations = named == null ? List.of() : factory.observationIdentifiers(reading, named);
        return factory.auditEvent(new BindingAudit(config.gatewayId() + "-binding-" + change.id(), change.action(),
                change.at(), change.actor(), change.reason(), observations, from, to));
    }

    /** The update of a device's FHIR Device after it reported a new identity; empty if it is no longer registered. */
    public Optional<Bundle> forDevice(String deviceId) {
        return devices.get(deviceId).map(d -> factory.deviceUpdate(deviceInfo(d)));
    }

    private DeviceInfo deviceInfo(String deviceId, String station) {
        return devices.get(deviceId).map(UploadBundles::deviceInfo)
                // A device removed from the configuration since: describe it by what the journal kept.
                .orElseGet(() -> new DeviceInfo(deviceId, "unknown", "device " + deviceId, null, station));
    }

    /** What the registration says, with what the device reported about itself taking precedence. */
    private static DeviceInfo deviceInfo(ManagedDevice d) {
        DeviceIdentity id = d.identity();
        String serial = id != null && id.serialNumber() != null ? id.serialNumber() : d.spec().serialNumber();
        return new DeviceInfo(d.spec().id(), d.spec().driverId(), d.descriptor().displayName(), serial,
                d.spec().station(), id == null ? null : id.model(), id == null ? null : id.firmware());
    }
}
