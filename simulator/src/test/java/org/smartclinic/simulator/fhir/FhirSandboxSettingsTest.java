package org.smartclinic.simulator.fhir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FhirSandboxSettingsTest {

    @Test
    void defaults_areLoopback8090FhirValidating() {
        FhirSandbox.Settings defaults = FhirSandbox.Settings.defaults();

        assertThat(defaults).isEqualTo(new FhirSandbox.Settings("127.0.0.1", 8090, "/fhir", true));
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(value = {"/fhir,/fhir", "fhir,/fhir", "/fhir/,/fhir", "/ehr/r4//,/ehr/r4", "/,''", "'',''",
            "NULL,''"}, nullValues = "NULL")
    void contextPath_isNormalizedToLeadingSlashWithoutTrailingOne(String given, String expected) {
        assertThat(FhirSandbox.Settings.defaults().withContextPath(given).contextPath()).isEqualTo(expected);
    }

    @Test
    void port_outOfRange_isRejectedWithTheRange() {
        assertThatThrownBy(() -> FhirSandbox.Settings.defaults().withPort(65_536))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0-65535");
        assertThatThrownBy(() -> FhirSandbox.Settings.defaults().withPort(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void host_blank_isRejected() {
        assertThatThrownBy(() -> FhirSandbox.Settings.defaults().withHost(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void withers_changeOnlyTheirField() {
        FhirSandbox.Settings changed = FhirSandbox.Settings.defaults().withPort(0).withValidate(false);

        assertThat(changed).isEqualTo(new FhirSandbox.Settings("127.0.0.1", 0, "/fhir", false));
    }
}
