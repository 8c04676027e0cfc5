package org.smartclinic.gateway.web.tech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.smartclinic.gateway.uplink.OutboxResource.EhrAnswer;

/** The EHR's answer to a dead letter in plain words, as the dead-letters page shows it. */
class DeadLetterAnswerTest {

    @Test
    void operationOutcome_becomesOneLinePerIssue_detailsThenDiagnosticsThenCode() {
        EhrAnswer a = EhrAnswer.of("HTTP 422: {\"resourceType\":\"OperationOutcome\",\"issue\":["
                + "{\"severity\":\"error\",\"code\":\"invalid\",\"details\":{\"text\":\"Unit is not UCUM\"}},"
                + "{\"severity\":\"warning\",\"code\":\"processing\",\"diagnostics\":\"HAPI-0450: bad value\"},"
                + "{\"severity\":\"error\",\"code\":\"required\"}]}");
        assertThat(a.httpStatus()).isEqualTo(422);
        assertThat(a.issues()).containsExactly("error: Unit is not UCUM", "warning: HAPI-0450: bad value",
                "error: required");
    }

    @Test
    void plainMessage_isKeptAsItIs() {
        EhrAnswer a = EhrAnswer.of("MappingException: unit 'furlongs per fortnight' has no UCUM code");
        assertThat(a.httpStatus()).isNull();
        assertThat(a.issues()).containsExactly("MappingException: unit 'furlongs per fortnight' has no UCUM code");
    }

    @Test
    void brokenJson_orNothing_neverThrows() {
        assertThat(EhrAnswer.of("HTTP 400: {not json").issues()).containsExactly("{not json");
        assertThat(EhrAnswer.of(null).issues()).isEmpty();
    }
}
