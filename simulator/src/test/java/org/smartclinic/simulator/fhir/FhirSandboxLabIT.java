package org.smartclinic.simulator.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway's lab uploads need, over real HTTP, answered as a HAPI FHIR JPA server does: a Specimen created
 * conditionally by identifier, Observations referring to it, a panel's grouping Observation whose {@code hasMember}
 * name other entries of the same transaction, searches by identifier, accession, specimen and member.
 */
class FhirSandboxLabIT {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final String SPECIMEN = "urn:smartclinic:id/specimen";
    private static final String OBSERVATION = "urn:smartclinic:id/observation";

    private static FhirSandbox sandbox;
    private static FhirHttp http;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startSandbox() {
        sandbox = FhirSandbox.start(FhirSandbox.Settings.defaults().withPort(0), FHIR);
        assertThat(sandbox.awaitReady(Duration.ofMinutes(2))).as("validator warmed up").isTrue();
        http = new FhirHttp(FHIR, sandbox.baseUrl());
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void transaction_specimenMembersAndPanel_resolvedStoredOnceAndSearchable() {
        Bundle bundle = labTransaction();

        FhirHttp.Answer first = http.post("", bundle);
        FhirHttp.Answer second = http.post("", bundle);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.bundle().getEntry()).extracting(e -> e.getResponse().getStatus())
                .containsExactly("201 Created", "201 Created", "201 Created", "201 Created", "201 Created");
        assertThat(second.bundle().getEntry()).extracting(e -> e.getResponse().getStatus()).containsOnly("200 OK");
        List<Resource> specimens = search("Specimen?identifier=" + q(SPECIMEN + "|gw/" + run));
        assertThat(specimens).singleElement().isInstanceOf(Specimen.class);
        String specimen = "Specimen/" + specimens.getFirst().getIdElement().getIdPart();
        assertThat(search("Specimen?accession=" + q(SPECIMEN + "|gw/" + run))).hasSize(1);
        String patient = ((Specimen) specimens.getFirst()).getSubject().getReference();
        assertThat(patient).startsWith("Patient/");
        assertThat(search("Specimen?patient=" + patient)).hasSize(1);

        List<Resource> bySpecimen = search("Observation?specimen=" + specimen);
        assertThat(bySpecimen).hasSize(3);
        Observation panel = (Observation) search("Observation?identifier=" + q(OBSERVATION + "|panel-" + run))
                .getFirst();
        List<String> members = search("Observation?identifier=" + q(OBSERVATION + "|chol-" + run) + ","
                + q(OBSERVATION + "|hdl-" + run)).stream().map(r -> "Observation/" + r.getIdElement().getIdPart())
                .toList();
        assertThat(panel.getHasMember()).extracting(Reference::getReference)
                .containsExactlyInAnyOrderElementsOf(members);
        assertThat(search("Observation?has-member=" + members.getFirst())).extracting(r -> r.getIdElement()
                .getIdPart()).containsExactly(panel.getIdElement().getIdPart());
    }

    @Test
    void transaction_hasMemberToAMissingObservation_answers400Hapi1094AndStoresNothing() {
        Bundle bundle = labTransaction();
        Observation panel = (Observation) bundle.getEntry().getLast().getResource();
        panel.addHasMember(new Reference("Observation/missing-" + run));

        FhirHttp.Answer answer = http.post("", bundle);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.issues()).contains("HAPI-1094: Resource Observation/missing-" + run
                + " not found, specified in path: Observation.hasMember");
        assertThat(search("Specimen?identifier=" + q(SPECIMEN + "|gw/" + run))).isEmpty();
    }

    @Test
    void transaction_specimenPlaceholderNotInTheBundle_answers400Hapi0541() {
        Bundle bundle = labTransaction();
        bundle.getEntry().remove(1);

        FhirHttp.Answer answer = http.post("", bundle);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.issues()).contains("HAPI-0541");
    }

    @Test
    void search_specimenByAnR4ParameterTheSandboxDoesNotHost_answers400SayingSo() {
        FhirHttp.Answer answer = http.get("Specimen?type=" + q("http://snomed.info/sct|119297000"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.issues()).contains("type", "not supported by the FHIR sandbox");
    }

    /** Patient, Specimen, two results and their panel, all conditional creates, as the gateway sends them. */
    private Bundle labTransaction() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:smartclinic:mrn").setValue("LAB-" + run);
        String patientUrl = add(bundle, patient, "urn:smartclinic:mrn|LAB-" + run);
        Specimen specimen = new Specimen().setSubject(new Reference(patientUrl));
        specimen.addIdentifier().setSystem(SPECIMEN).setValue("gw/" + run);
        specimen.setAccessionIdentifier(specimen.getIdentifierFirstRep().copy());
        String specimenUrl = add(bundle, specimen, SPECIMEN + "|gw/" + run);
        String chol = add(bundle, result("chol", "2093-3", "5.9", patientUrl, specimenUrl),
                OBSERVATION + "|chol-" + run);
        String hdl = add(bundle, result("hdl", "2085-9", "1.3", patientUrl, specimenUrl),
                OBSERVATION + "|hdl-" + run);
        Observation panel = observation("panel", "24331-1", patientUrl, specimenUrl);
        panel.addHasMember(new Reference(chol)).addHasMember(new Reference(hdl));
        add(bundle, panel, OBSERVATION + "|panel-" + run);
        return bundle;
    }

    private Observation result(String name, String loinc, String value, String patient, String specimen) {
        Observation observation = observation(name, loinc, patient, specimen);
        observation.setValue(new Quantity().setValue(new java.math.BigDecimal(value)).setUnit("mmol/L")
                .setSystem("http://unitsofmeasure.org").setCode("mmol/L"));
        observation.addInterpretation(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "H", "High")));
        return observation;
    }

    private Observation observation(String name, String loinc, String patient, String specimen) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.addIdentifier().setSystem(OBSERVATION).setValue(name + "-" + run);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        observation.setSubject(new Reference(patient)).setSpecimen(new Reference(specimen));
        return observation;
    }

    private static String add(Bundle bundle, Resource resource, String identifier) {
        String fullUrl = "urn:uuid:" + UUID.randomUUID();
        int bar = identifier.indexOf('|');
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType()).setIfNoneExist("identifier=" + q(identifier.substring(0, bar)) + "|"
                        + q(identifier.substring(bar + 1)));
        return fullUrl;
    }

    private static List<Resource> search(String query) {
        FhirHttp.Answer answer = http.get(query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.bundle().getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList();
    }

    /** One search-parameter value, URL-escaped by HAPI's helper. */
    private static String q(String value) {
        return UrlUtil.escapeUrlParam(value);
    }
}
