package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Device.DeviceNameType;
import org.hl7.fhir.r4.model.Device.FHIRDeviceStatus;
import org.junit.jupiter.api.Test;

class DeviceMapperTest {

    private final DeviceMapper mapper = new DeviceMapper(TestReadings.SETTINGS);

    @Test
    void map_registeredDevice_givesIdentifierSerialNameModelAndStatus() {
        Device device = mapper.map(TestReadings.DEVICE);

        assertThat(device.getIdentifierFirstRep().getSystem()).isEqualTo("urn:smartclinic:id/device");
        assertThat(device.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/bpm-1");
        assertThat(device.getSerialNumber()).isEqualTo("SN-BPM-0042");
        assertThat(device.getDeviceNameFirstRep().getName()).isEqualTo("BPM-200 automatic blood pressure monitor");
        assertThat(device.getDeviceNameFirstRep().getType()).isEqualTo(DeviceNameType.MODELNAME);
        assertThat(device.getModelNumber()).isEqualTo("bpm200");
        assertThat(device.getStatus()).isEqualTo(FHIRDeviceStatus.ACTIVE);
        FhirValidation.assertNoErrors(device);
    }

    @Test
    void map_noSerialNumber_leavesItOut() {
        Device device = mapper.map(new DeviceInfo("spo-1", "ox100", "OX-100 pulse oximeter", null, "station-2"));

        assertThat(device.hasSerialNumber()).isFalse();
        assertThat(device.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/spo-1");
        FhirValidation.assertNoErrors(device);
    }

    @Test
    void map_reportedModelAndFirmware_modelNumberAndFirmwareVersion() {
        Device device = mapper.map(new DeviceInfo("spo-1", "ox300", "OX-300 bedside pulse oximeter", "OX3-000123",
                "station-2", "OX-300", "1.4.2"));

        assertThat(device.getModelNumber()).isEqualTo("OX-300");
        assertThat(device.getSerialNumber()).isEqualTo("OX3-000123");
        assertThat(device.getVersion()).singleElement().satisfies(v -> {
            assertThat(v.getValue()).isEqualTo("1.4.2");
            assertThat(v.getType().getText()).isEqualTo("firmware");
        });
        FhirValidation.assertNoErrors(device);
    }

    @Test
    void map_registeredDevice_matchesGoldenJson() throws IOException {
        GoldenFiles.assertMatchesGolden("device", mapper.map(TestReadings.DEVICE));
    }
}
