package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParseIssueCollectorTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void check_validBody_reportsNothing() {
        assertThat(ParseIssueCollector.check(FHIR, "{\"resourceType\":\"Patient\",\"active\":true}")).isEmpty();
    }

    @Test
    void check_unknownElementAndWrongJsonType_reportsBothInsteadOfDroppingThem() {
        assertThat(ParseIssueCollector.check(FHIR,
                "{\"resourceType\":\"Patient\",\"nickname\":\"Anya\",\"active\":\"yes\"}"))
                .extracting(ValidationIssue::message)
                .anySatisfy(m -> assertThat(m).contains("Unknown element 'nickname'"))
                .anySatisfy(m -> assertThat(m).contains("active"));
    }

    @Test
    void check_xmlBody_isCheckedToo() {
        assertThat(ParseIssueCollector.check(FHIR,
                "<Patient xmlns=\"http://hl7.org/fhir\"><nickname value=\"Anya\"/></Patient>"))
                .extracting(ValidationIssue::message).anySatisfy(m -> assertThat(m).contains("nickname"));
    }

    @Test
    void check_notFhir_isOneFatalIssue() {
        assertThat(ParseIssueCollector.check(FHIR, "hello"))
                .singleElement().satisfies(issue -> assertThat(issue.fatal()).isTrue());
    }
}
