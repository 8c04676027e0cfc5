package org.smartclinic.gateway.patient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PhiTest {

    @Test
    void scrub_searchValuesDigitRunsAndKnownValues_areMasked() {
        String ehr = "HTTP 400: HAPI-1744: Failed to parse match URL[Patient?identifier=urn%3Aoid%3A1.2.643.100.3|123-456-"
                + "789 00&family=Ivanova] - URL is invalid (must not contain spaces); patient Мария Иванова, policy "
                + "7700 0000 1234 5678, host 127.0.0.1:8080";

        String scrubbed = Phi.scrub(ehr, List.of("Мария", "Иванова"));

        assertThat(scrubbed).doesNotContain("123-456").doesNotContain("Ivanova").doesNotContain("Иванова")
                .doesNotContain("Мария").doesNotContain("1234 5678")
                .contains("HAPI-1744").contains("must not contain spaces").contains("127.0.0.1:8080");
    }

    @Test
    void scrub_null_isNull() {
        assertThat(Phi.scrub(null)).isNull();
    }
}
