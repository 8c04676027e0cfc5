package org.smartclinic.gateway.uplink;

import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.fhir.DeviceInfo;
import org.smartclinic.fhir.MapperSettings;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.UcumUnits;
import org.smartclinic.fhir.UploadBundleFactory;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.device.ManagedDevice;
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
        if (r.exam() == null) {
            throw new IllegalStateException("reading " + r.id() + " is not bound to an exam; it is never uploaded");
        }
        return factory.transaction(r.reading(), r.exam().binding(), deviceInfo(r.reading().deviceId(), r.station()));
    }

    public Bundle forClosedExam(Exam exam) {
        return factory.encounterFinished(exam.binding(), exam.closedAt());
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
