package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchQueryTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final SearchParameters PARAMETERS = SearchParameters.r4(FHIR);
    private static final String BASE = "http://127.0.0.1:8090/fhir";

    private final StoredResource heartRate = stored("11", observation("8867-4", "Patient/7")
            .addIdentifier(new Identifier().setSystem("urn:reading").setValue("HR-1")));
    private final StoredResource groupReading = stored("12", observation("8867-4", "Group/7")
            .addIdentifier(new Identifier().setValue("HR-1")));

    @Test
    void token_systemAndCode_matchesOnlyThatSystem() {
        assertThat(matches("code=http://loinc.org|8867-4")).containsExactly(heartRate, groupReading);
        assertThat(matches("code=http://snomed.info/sct|8867-4")).isEmpty();
    }

    @Test
    void token_withoutSystemOrWithEmptySystem_matchesAnyOrNoSystem() {
        assertThat(matches("identifier=HR-1")).containsExactly(heartRate, groupReading);
        assertThat(matches("identifier=|HR-1")).containsExactly(groupReading);
        assertThat(matches("identifier=urn:reading|")).containsExactly(heartRate);
    }

    @Test
    void commaSeparatedValues_areOr_andRepeatedParameters_areAnd() {
        assertThat(matches("code=1234-5,8867-4&subject=Patient/7")).containsExactly(heartRate);
        assertThat(matches(Map.of("code", List.of("8867-4", "1234-5")))).isEmpty();
    }

    @Test
    void escapedComma_isPartOfTheValue() {
        assertThat(matches("identifier=HR-1\\,HR-2")).isEmpty();
        assertThat(matches("identifier=HR-2,HR-1")).hasSize(2);
    }

    @Test
    void reference_acceptsTypedPlainAbsoluteAndModifiedForms() {
        assertThat(matches("subject=Patient/7")).containsExactly(heartRate);
        assertThat(matches("subject=7")).containsExactly(heartRate, groupReading);
        assertThat(matches("subject=" + BASE + "/Patient/7")).containsExactly(heartRate);
        assertThat(matches("subject:Group=7")).containsExactly(groupReading);
    }

    @Test
    void patient_matchesOnlySubjectsThatArePatients() {
        assertThat(matches("patient=7")).containsExactly(heartRate);
        assertThat(matches("patient=Group/7")).isEmpty();
    }

    @Test
    void id_matchesTheResourceId() {
        assertThat(matches("_id=12,99")).containsExactly(groupReading);
    }

    @Test
    void resultParameters_doNotFilter() {
        assertThat(matches("_count=1&_format=json&_summary=count&_total=accurate")).hasSize(2);
    }

    @Test
    void unknownParameter_isRejectedLikeHapiJpaListingTheValidOnes() {
        assertThatThrownBy(() -> matches("valueQuantity=120"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("HAPI-0524: Unknown search parameter \"valueQuantity\" for resource type"
                        + " \"Observation\"")
                .hasMessageContaining("[_id, code, device, encounter, has-member, identifier, patient, specimen,"
                        + " status, subject]");
    }

    @Test
    void r4ParameterTheSandboxLacks_isRejectedSayingSo() {
        assertThatThrownBy(() -> matches("value-quantity=120"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("\"value-quantity\" for resource type \"Observation\" is not supported by the"
                        + " FHIR sandbox");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject.identifier=x", "code:text=heart", "identifier:exact=x", "_sort=date",
            "_include=Observation:subject", "code="})
    void unsupportedSearch_isRejectedNotIgnored(String query) {
        assertThatThrownBy(() -> matches(query)).isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Observation?identifier=urn%3Areading%7CHR-1", "?identifier=urn:reading|HR-1",
            "identifier=urn:reading|HR-1", "/Observation?identifier=urn:reading|HR-1",
            BASE + "/Observation?identifier=urn:reading|HR-1"})
    void parseUrl_acceptsEveryConditionalUrlForm(String url) {
        SearchQuery query = SearchQuery.parseUrl(PARAMETERS, "Observation", url, BASE, UnaryOperator.identity(), true);

        assertThat(query.matches(heartRate)).isTrue();
        assertThat(query.matches(groupReading)).isFalse();
    }

    @Test
    void parseUrl_otherTypeOrNoCriteria_isRejected() {
        assertThatThrownBy(() -> SearchQuery.parseUrl(PARAMETERS, "Observation", "Patient?identifier=x", BASE,
                UnaryOperator.identity(), true)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("names resource type Patient");
        assertThatThrownBy(() -> SearchQuery.parseUrl(PARAMETERS, "Observation", "Observation?", BASE,
                UnaryOperator.identity(), true)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("HAPI-0518: Invalid match URL[Observation?] - URL has no search parameters");
    }

    @Test
    void parseUrl_placeholderReference_isResolvedBeforeMatching() {
        SearchQuery query = SearchQuery.parseUrl(PARAMETERS, "Observation", "subject=urn:uuid:abc", BASE,
                value -> value.equals("urn:uuid:abc") ? "Patient/7" : value, true);

        assertThat(query.matches(heartRate)).isTrue();
    }

    @Test
    void identifierLookup_onlyForExactIdentifierValues() {
        assertThat(query("identifier=urn:reading|HR-1,HR-2").identifierLookup()).hasValueSatisfying(keys ->
                assertThat(keys).containsExactly(new IndexedValue("urn:reading", "HR-1"), new IndexedValue(null, "HR-2")));
        assertThat(query("identifier=urn:reading|").identifierLookup()).isEmpty();
        assertThat(query("code=8867-4").identifierLookup()).isEmpty();
    }

    private List<StoredResource> matches(String queryString) {
        SearchQuery query = query(queryString);
        return List.of(heartRate, groupReading).stream().filter(query::matches).toList();
    }

    private List<StoredResource> matches(Map<String, List<String>> raw) {
        SearchQuery query = SearchQuery.parse(PARAMETERS, "Observation", raw, BASE);
        return List.of(heartRate, groupReading).stream().filter(query::matches).toList();
    }

    private static SearchQuery query(String queryString) {
        Map<String, List<String>> raw = new LinkedHashMap<>();
        for (String pair : queryString.split("&")) {
            String[] nameValue = pair.split("=", 2);
            raw.computeIfAbsent(nameValue[0], k -> new ArrayList<>()).add(nameValue[1]);
        }
        return SearchQuery.parse(PARAMETERS, "Observation", raw, BASE);
    }

    private static Observation observation(String loinc, String subject) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        observation.setSubject(new Reference(subject));
        return observation;
    }

    private static StoredResource stored(String id, Resource resource) {
        resource.setId(id);
        return new StoredResource(resource.fhirType(), id, 1, Instant.now(), Long.parseLong(id), resource,
                PARAMETERS.index(resource, BASE));
    }
}
