package org.smartclinic.fhir;

import java.util.Objects;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Device.DeviceNameType;
import org.hl7.fhir.r4.model.Device.FHIRDeviceStatus;

/**
 * Maps what the gateway knows about an instrument ({@link DeviceInfo}) to a FHIR R4 {@link Device}:
 * <ul>
 *   <li>{@code identifier}: system {@link MapperSettings#deviceSystem()}, value {@code <gatewayId>/<deviceId>},
 *       stable for the device's registration, so conditional creates find it again;</li>
 *   <li>{@code serialNumber} when the technician registered one;</li>
 *   <li>{@code deviceName}: the display name, type {@code model-name};</li>
 *   <li>{@code modelNumber}: the model the device reports, else the driver id, which names the model's protocol;</li>
 *   <li>{@code version}: the firmware version the device reports, typed {@code firmware} (text);</li>
 *   <li>{@code status} active.</li>
 * </ul>
 * A pure function.
 */
public final class DeviceMapper {

    private final MapperSettings settings;

    /** A mapper for this gateway's {@code settings}. */
    public DeviceMapper(MapperSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The Device for {@code info}. */
    public Device map(DeviceInfo info) {
        Objects.requireNonNull(info, "info");
        Device device = new Device();
        device.addIdentifier().setSystem(settings.deviceSystem())
                .setValue(settings.gatewayId() + "/" + info.deviceId());
        device.setStatus(FHIRDeviceStatus.ACTIVE);
        if (info.serialNumber() != null && !info.serialNumber().isBlank()) {
            device.setSerialNumber(info.serialNumber());
        }
        device.addDeviceName().setName(info.displayName()).setType(DeviceNameType.MODELNAME);
        device.setModelNumber(info.model() != null ? info.model() : info.driverId());
        if (info.firmware() != null) {
            device.addVersion().setValue(info.firmware()).setType(new CodeableConcept().setText("firmware"));
        }
        return device;
    }
}
