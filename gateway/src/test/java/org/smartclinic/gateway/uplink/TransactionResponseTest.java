package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.smartclinic.fhir.FhirContexts;

/** Reading an EHR's transaction-response without HAPI's model: the same locations, and what is not a Bundle refused. */
class TransactionResponseTest {

    private final IParser json = FhirContexts.r4().newJsonParser();

    @Test
    void locations_ofAJsonResponse_areWhatHapisModelHolds_entryByEntry_nullWhereNone() {
        Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
        response.addEntry().getResponse().setStatus("201 Created").setLocation("Patient/7/_history/1")
                .setEtag("W/\"1\"").setLastModified(new Date(1_764_900_000_000L));
        response.addEntry().getResponse().setStatus("200 OK");
        response.addEntry().getResponse().setStatus("201 Created").setLocation("Observation/12/_history/3");
        response.addEntry().setFullUrl("urn:uuid:0b5c7a4e-7d8f-4c8e-9a55-1f0f4c6f7a10");
        String text = json.encodeResourceToString(response);

        assertThat(TransactionResponse.locations(text))
                .isEqualTo(TransactionResponse.locations(json.parseResource(Bundle.class, text)))
                .isEqualTo(Arrays.asList("Patient/7/_history/1", null, "Observation/12/_history/3", null));
    }

    @Test
    void locations_ofABundleWithoutEntries_isEmpty() {
        assertThat(TransactionResponse.locations("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"))
                .isEmpty();
    }

    @Test
    void anAnswerThatIsNotABundle_isADataFormatException_whichDeliveryRetries() {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setDiagnostics("busy");
        assertThatThrownBy(() -> TransactionResponse.locations(json.encodeResourceToString(outcome)))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("OperationOutcome");
        assertThatThrownBy(() -> TransactionResponse.locations("{\"resourceType\":\"Bundle\",\"entry\":{}}"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("not a list");
        assertThatThrownBy(() -> TransactionResponse.locations("[1, 2]")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> TransactionResponse.locations("{\"resourceType\": \"Bundle\", Ivanov"))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("not valid JSON")
                .as("the answer's own words are not repeated").hasMessageNotContaining("Ivanov");
        assertThat(DeliveryFailure.of(new DataFormatException("x"), FhirContexts.r4(), Instant.EPOCH)
                .transientFailure()).as("retried, never a dead letter").isTrue();
    }
}
