package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.smartclinic.fhir.FhirContexts;

/** Which failures of HAPI's FHIR client end as dead letters and which are retried. */
class DeliveryFailureTest {

    private static DeliveryFailure classify(Exception e) {
        return DeliveryFailure.of(e, FhirContexts.r4());
    }

    @Test
    void classify_itemRefusals_areFinalWithTheServersOutcome() {
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setDiagnostics("Unit mmHg is not UCUM");

        DeliveryFailure invalid = classify(new UnprocessableEntityException(FhirContexts.r4(), oo));

        assertThat(invalid.transientFailure()).isFalse();
        assertThat(invalid.message()).startsWith("HTTP 422").contains("Unit mmHg is not UCUM");
        assertThat(classify(new InvalidRequestException("bad bundle")).transientFailure()).isFalse();
        assertThat(classify(new PreconditionFailedException("two patients match")).transientFailure()).isFalse();
    }

    @Test
    void classify_ehrOrConfigurationProblems_areRetried() {
        assertThat(classify(new FhirClientConnectionException("Connection refused"))).satisfies(f -> {
            assertThat(f.transientFailure()).isTrue();
            assertThat(f.message()).startsWith("EHR unreachable");
        });
        assertThat(classify(new InternalErrorException("db down")).transientFailure()).isTrue();
        assertThat(classify(new AuthenticationException("token expired")).transientFailure()).isTrue();
        assertThat(classify(new ForbiddenOperationException("no scope")).transientFailure()).isTrue();
        assertThat(classify(new ResourceNotFoundException("wrong base URL")).transientFailure()).isTrue();
    }

    @Test
    void classify_unexpectedException_isFinalNamingIt() {
        DeliveryFailure f = classify(new IllegalStateException("bug"));

        assertThat(f.transientFailure()).isFalse();
        assertThat(f.message()).isEqualTo("IllegalStateException: bug");
    }
}
