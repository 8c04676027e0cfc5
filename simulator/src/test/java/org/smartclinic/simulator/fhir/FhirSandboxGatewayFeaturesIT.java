package org.smartclinic.simulator.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the gateway's patient search and registration, corrections, diagnostic reports and audit events need from
 * the EHR, over real HTTP, with the answers a HAPI FHIR JPA server gives. Every test uses its own identifiers.
 */
class FhirSandboxGatewayFeaturesIT {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final String MRN = "urn:smartclinic:mrn";
    private static final String REPORT = "urn:smartclinic:report";
    private static final String LOINC = "http://loinc.org";

    private static FhirSandbox sandbox;
    private static FhirHttp http;
    private static IGenericClient client;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startSandbox() {
        sandbox = FhirSandbox.start(FhirSandbox.Settings.defaults().withPort(0), FHIR);
        assertThat(sandbox.awaitReady(Duration.ofMinutes(2))).as("validator warmed up").isTrue();
        http = new FhirHttp(FHIR, sandbox.baseUrl());
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FHIR.newRestfulGenericClient(sandbox.baseUrl());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Nested
    class PatientSearch {

        @Test
        void family_cyrillicPrefixInAnyCase_matchesAsHapiNormalizesIt() {
            String id = create(patient("Иванов", "Пётр", "1980-05-17", AdministrativeGender.MALE));

            for (String prefix : List.of("ив", "ИВАН", "Иванов", "иВаНоВ")) {
                assertThat(ids("Patient?family=" + q(prefix) + mine())).as(prefix).containsExactly(id);
            }
            assertThat(ids("Patient?family=" + q("ив"))).contains(id);
            assertThat(ids("Patient?given=" + q("петр") + mine())).as("ё is е with a diaeresis").containsExactly(id);
            assertThat(ids("Patient?family=" + q("иванова") + mine())).isEmpty();
            assertThat(ids("Patient?family=" + q("ванов") + mine())).as("starts with, not contains").isEmpty();
        }

        @Test
        void family_exact_matchesOnlyTheWholeValueAsWritten() {
            String id = create(patient("Müller", "José", "1975-01-02", AdministrativeGender.MALE));

            assertThat(ids("Patient?family=" + q("mull") + mine())).containsExactly(id);
            assertThat(ids("Patient?family:exact=" + q("Müller") + mine())).containsExactly(id);
            assertThat(ids("Patient?family:exact=" + q("Muller") + mine())).isEmpty();
            assertThat(ids("Patient?family:exact=" + q("müller") + mine())).isEmpty();
            assertThat(ids("Patient?family:exact=" + q("Mül") + mine())).isEmpty();
        }

        @Test
        void name_andGiven_coverEveryPartOfEveryName() {
            Patient patient = patient("Petrova", "Anna", "1990-02-03", AdministrativeGender.FEMALE);
            patient.addName().setFamily("Smirnova").addGiven("Anya").addPrefix("Dr.").setText("Anna Smirnova");
            String id = create(patient);

            assertThat(ids("Patient?name=smir" + mine())).containsExactly(id);
            assertThat(ids("Patient?name=anya" + mine())).containsExactly(id);
            assertThat(ids("Patient?name=dr" + mine())).containsExactly(id);
            assertThat(ids("Patient?given=anya&family=petrova" + mine())).as("AND across names, as HAPI JPA")
                    .containsExactly(id);
            assertThat(ids("Patient?given=petrova" + mine())).isEmpty();
        }

        @Test
        void birthdate_dayMonthYearAndEq_matchWhenTheBirthDateLiesWithin() {
            String id = create(patient("Sidorov", "Ivan", "1980-05-17", AdministrativeGender.MALE));

            for (String date : List.of("1980-05-17", "eq1980-05-17", "1980-05", "1980", "1979,1980-05-17")) {
                assertThat(ids("Patient?birthdate=" + date + mine())).as(date).containsExactly(id);
            }
            assertThat(ids("Patient?birthdate=1980-05-18" + mine())).isEmpty();
        }

        @Test
        void gender_combinedWithOtherParameters_andTogether_commaIsOr() {
            String id = create(patient("Kuznetsova", "Olga", "2001-07-08", AdministrativeGender.FEMALE));

            assertThat(ids("Patient?gender=female&family=kuz&birthdate=2001-07-08" + mine())).containsExactly(id);
            assertThat(ids("Patient?gender=male&family=kuz" + mine())).isEmpty();
            assertThat(ids("Patient?gender=male,female&family=kuz,xyz" + mine())).containsExactly(id);
        }

        @Test
        void identifier_escapedCommaIsLiteral_unescapedCommaIsOr() {
            Patient patient = patient("Orlov", "Oleg", "1960-01-01", AdministrativeGender.MALE);
            patient.addIdentifier().setSystem("urn:snils").setValue("123-456-789," + run);
            String id = create(patient);

            assertThat(ids("Patient?identifier=" + q("urn:snils|123-456-789\\," + run))).containsExactly(id);
            assertThat(ids("Patient?identifier=" + q("123-456-789," + run))).isEmpty();
            assertThat(ids("Patient?identifier=" + q("other," + MRN + "|MRN-" + run))).containsExactly(id);
        }

        @ParameterizedTest
        @ValueSource(strings = {"birthdate=ge1980-01-01", "birthdate=1980-05-17T10:00:00Z", "family:contains=van",
                "address-city=Kazan", "gender:not=male"})
        void unsupportedSearch_answers400WithOperationOutcome(String query) {
            FhirHttp.Answer answer = http.get("Patient?" + query.replace(":", "%3A"));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.issues()).contains("not supported");
        }

        private String mine() {
            return "&identifier=" + q(MRN + "|MRN-" + run);
        }
    }

    @Nested
    class Registration {

        @Test
        void conditionalCreateByUrl_throughHapiClient_createsThenAnswers200WithTheExisting() {
            String url = "Patient?family=" + q("Ёлкина") + "&birthdate=1985-03-04&identifier=" + q(MRN + "|MRN-" + run);

            MethodOutcome first = client.create().resource(patient("Ёлкина", "Вера", "1985-03-04",
                    AdministrativeGender.FEMALE)).conditionalByUrl(url).execute();
            MethodOutcome second = client.create().resource(patient("Ёлкина", "Вера", "1985-03-04",
                    AdministrativeGender.FEMALE)).conditionalByUrl(url).execute();

            assertThat(first.getResponseStatusCode()).isEqualTo(201);
            assertThat(second.getResponseStatusCode()).isEqualTo(200);
            assertThat(second.getId().getValue()).isEqualTo(first.getId().getValue());
            assertThat(ids(url)).hasSize(1);
        }

        @Test
        void conditionalCreate_ifNoneExistMatchingTwo_answers412() {
            create(patient("Twin", "A", "2000-01-01", AdministrativeGender.MALE));
            create(patient("Twin", "B", "2000-01-01", AdministrativeGender.MALE));

            assertThatThrownBy(() -> client.create().resource(patient("Twin", "C", "2000-01-01",
                    AdministrativeGender.MALE)).conditionalByUrl("Patient?identifier=" + q(MRN + "|MRN-" + run))
                    .execute())
                    .isInstanceOf(PreconditionFailedException.class)
                    .hasMessageContaining("HAPI-0958").hasMessageContaining("matched 2 resources");
        }

        @Test
        void ifNoneExist_percentEncodedCyrillic_matches_rawSpace_answers400Hapi1744() {
            String ifNoneExist = "family=" + q("Ёлкина") + "&identifier=" + q(MRN + "|MRN-" + run);
            FhirHttp.Answer created = http.post("Patient", patient("Ёлкина", "Вера", "1985-03-04",
                    AdministrativeGender.FEMALE), "If-None-Exist", ifNoneExist);
            FhirHttp.Answer matched = http.post("Patient", patient("Ёлкина", "Вера", "1985-03-04",
                    AdministrativeGender.FEMALE), "If-None-Exist", ifNoneExist);
            FhirHttp.Answer space = http.post("Patient", patient("van Dijk", "Jan", "1985-03-04",
                    AdministrativeGender.MALE), "If-None-Exist", "family=van Dijk&identifier=MRN-" + run);

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(matched.status()).as(matched.toString()).isEqualTo(200);
            assertThat(matched.header("Location")).isEqualTo(created.header("Location"));
            assertThat(space.status()).isEqualTo(400);
            assertThat(space.issues()).contains("HAPI-1744: Failed to parse match URL[family=van Dijk&identifier=MRN-"
                    + run + "] - URL is invalid (must not contain spaces)");
        }

        /** HAPI's match-URL parser reduces each raw non-ASCII character to one byte, on a JPA server as here. */
        @Test
        void transactionIfNoneExist_rawCyrillic_neverMatchesSoEveryPostCreates() {
            String raw = "Patient?family=Ёлкина&identifier=" + q(MRN + "|MRN-" + run);
            String encoded = "Patient?family=" + q("Ёлкина") + "&identifier=" + q(MRN + "|MRN-" + run);

            List<String> rawStatuses = List.of(postConditionally(raw), postConditionally(raw));
            List<String> encodedStatuses = List.of(postConditionally(encoded), postConditionally(encoded));

            assertThat(rawStatuses).containsExactly("201 Created", "201 Created");
            assertThat(encodedStatuses).as("the encoded URL finds both").containsExactly("412", "412");
            assertThat(ids("Patient?identifier=" + q(MRN + "|MRN-" + run))).hasSize(2);
        }

        private String postConditionally(String ifNoneExist) {
            Bundle bundle = transaction();
            bundle.addEntry().setResource(patient("Ёлкина", "Вера", "1985-03-04", AdministrativeGender.FEMALE))
                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist(ifNoneExist);
            FhirHttp.Answer answer = http.post("", bundle);
            return answer.status() == 200
                    ? answer.bundle().getEntryFirstRep().getResponse().getStatus() : Integer.toString(answer.status());
        }
    }

    @Nested
    class Corrections {

        @Test
        void updateById_enteredInError_storesVersion2AndKeepsVersion1() {
            String patient = "Patient/" + create(patient("Lebedev", "Ilya", "1970-01-01", AdministrativeGender.MALE));
            Observation observation = glucose(patient);
            String id = create(observation);

            observation.setId(id);
            observation.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
            FhirHttp.Answer corrected = http.put("Observation/" + id, observation);

            assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);
            assertThat(corrected.header("ETag")).isEqualTo("W/\"2\"");
            assertThat(corrected.resource(Observation.class).getMeta().getVersionId()).isEqualTo("2");
            assertThat(http.get("Observation/" + id + "/_history/1").resource(Observation.class).getStatus())
                    .isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(ids("Observation?status=entered-in-error&identifier=" + q("urn:smartclinic:lab|GLU-" + run)))
                    .containsExactly(id);
        }

        @Test
        void transaction_putObservationById_updatesIt() {
            String patient = "Patient/" + create(patient("Lebedeva", "Ira", "1971-01-01", AdministrativeGender.FEMALE));
            Observation observation = glucose(patient);
            String id = create(observation);
            observation.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
            Bundle bundle = transaction();
            bundle.addEntry().setResource(observation).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl("Observation/" + id);

            FhirHttp.Answer answer = http.post("", bundle);

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.bundle().getEntryFirstRep().getResponse().getStatus()).isEqualTo("200 OK");
            assertThat(answer.bundle().getEntryFirstRep().getResponse().getLocation())
                    .isEqualTo("Observation/" + id + "/_history/2");
        }
    }

    @Nested
    class DiagnosticReports {

        @Test
        void transaction_conditionalPut_createsThenUpdates_resolvingExistingAndNewResults() {
            String patient = "Patient/" + create(patient("Fedorov", "Fedor", "1965-06-07", AdministrativeGender.MALE));
            String existing = "Observation/" + create(glucose(patient));

            Bundle first = reportBundle(patient, existing, "preliminary");
            FhirHttp.Answer created = http.post("", first);
            FhirHttp.Answer updated = http.post("", reportBundle(patient, existing, "final"));

            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(created.bundle().getEntry()).extracting(e -> e.getResponse().getStatus())
                    .containsExactly("201 Created", "201 Created");
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            assertThat(updated.bundle().getEntry()).extracting(e -> e.getResponse().getStatus())
                    .containsExactly("201 Created", "200 OK");
            String reportLocation = updated.bundle().getEntry().get(1).getResponse().getLocation();
            assertThat(reportLocation).endsWith("/_history/2")
                    .startsWith(created.bundle().getEntry().get(1).getResponse().getLocation().replace("/_history/1", ""));
            DiagnosticReport report = http.get(reportLocation.replaceFirst("/_history/\\d+", ""))
                    .resource(DiagnosticReport.class);
            String newObservation = updated.bundle().getEntry().get(0).getResponse().getLocation()
                    .replaceFirst("/_history/\\d+", "");
            assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
            assertThat(report.getSubject().getReference()).isEqualTo(patient);
            assertThat(report.getResult()).extracting(Reference::getReference).containsExactly(existing, newObservation);
            assertThat(ids("DiagnosticReport?identifier=" + q(REPORT + "|LAB-" + run))).hasSize(1);
        }

        @Test
        void transaction_conditionalPutMatchingTwo_answers412AndStoresNothing() {
            String patient = "Patient/" + create(patient("Dubov", "Denis", "1966-06-07", AdministrativeGender.MALE));
            create(report(patient, "final"));
            create(report(patient, "final"));

            FhirHttp.Answer answer = http.post("", reportBundle(patient, null, "amended"));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(412);
            assertThat(answer.issues()).contains("HAPI-0988", "matched 2 resources");
            assertThat(ids("Observation?identifier=" + q("urn:smartclinic:lab|NEW-" + run + "-amended"))).isEmpty();
        }

        private Bundle reportBundle(String patient, String existingResult, String status) {
            Bundle bundle = transaction();
            String placeholder = "urn:uuid:" + UUID.randomUUID();
            Observation fresh = glucose(patient);
            fresh.getIdentifierFirstRep().setValue("NEW-" + run + "-" + status);
            bundle.addEntry().setFullUrl(placeholder).setResource(fresh).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
            DiagnosticReport report = report(patient, status);
            if (existingResult != null) {
                report.addResult(new Reference(existingResult));
            }
            report.addResult(new Reference(placeholder));
            bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(report).getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT).setUrl("DiagnosticReport?identifier=" + q(REPORT + "|LAB-" + run));
            return bundle;
        }
    }

    @Nested
    class AuditEvents {

        @Test
        void putWithClientId_createsThenUpdates_standaloneAndInTransaction() {
            String patient = "Patient/" + create(patient("Audit", "Anna", "1999-09-09", AdministrativeGender.FEMALE));
            String id = "audit-" + run;

            FhirHttp.Answer created = http.put("AuditEvent/" + id, auditEvent(id, patient, "2026-03-01T10:15:00+03:00"));
            Bundle bundle = transaction();
            AuditEvent changed = auditEvent(id, patient, "2026-03-01T10:15:00+03:00")
                    .setOutcome(AuditEvent.AuditEventOutcome._4);
            bundle.addEntry().setResource(changed).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("AuditEvent/" + id);
            FhirHttp.Answer updated = http.post("", bundle);
            String second = "audit2-" + run;
            Bundle createBundle = transaction();
            createBundle.addEntry().setResource(auditEvent(second, patient, "2026-03-02T08:00:00Z")).getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT).setUrl("AuditEvent/" + second);
            FhirHttp.Answer createdInTransaction = http.post("", createBundle);

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.header("Content-Location")).endsWith("/AuditEvent/" + id + "/_history/1");
            assertThat(updated.bundle().getEntryFirstRep().getResponse().getLocation())
                    .isEqualTo("AuditEvent/" + id + "/_history/2");
            assertThat(createdInTransaction.bundle().getEntryFirstRep().getResponse().getStatus())
                    .isEqualTo("201 Created");
            assertThat(http.get("AuditEvent/" + second).status()).isEqualTo(200);
        }

        @Test
        void search_byIdEntityAndDate() {
            String patient = "Patient/" + create(patient("Audit", "Boris", "1998-09-09", AdministrativeGender.MALE));
            String id = "audit-" + run;
            http.put("AuditEvent/" + id, auditEvent(id, patient, "2026-03-01T23:30:00+03:00"));

            assertThat(ids("AuditEvent?_id=" + id)).containsExactly(id);
            assertThat(ids("AuditEvent?entity=" + patient)).containsExactly(id);
            assertThat(ids("AuditEvent?entity=" + patient + "&date=2026-03-01")).containsExactly(id);
            assertThat(ids("AuditEvent?entity=" + patient + "&date=2026-03")).containsExactly(id);
            assertThat(ids("AuditEvent?entity=" + patient + "&date=2026-03-02")).isEmpty();
            assertThat(http.get("AuditEvent?date=ge2026-03-01").status()).isEqualTo(400);
        }
    }

    @Nested
    class ReferentialIntegrity {

        @Test
        void create_subjectToMissingPatient_answers400Hapi1094() {
            FhirHttp.Answer answer = http.post("Observation", glucose("Patient/missing-" + run));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.issues()).contains("HAPI-1094: Resource Patient/missing-" + run
                    + " not found, specified in path: Observation.subject");
        }

        @Test
        void transaction_resultToMissingObservation_answers400Hapi1094AndStoresNothing() {
            String patient = "Patient/" + create(patient("Ref", "Rita", "1988-08-08", AdministrativeGender.FEMALE));
            DiagnosticReport report = report(patient, "final").addResult(new Reference("Observation/missing-" + run));
            Bundle bundle = transaction();
            bundle.addEntry().setResource(report).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl("DiagnosticReport?identifier=" + q(REPORT + "|LAB-" + run));

            FhirHttp.Answer answer = http.post("", bundle);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.issues()).contains("HAPI-1094: Resource Observation/missing-" + run
                    + " not found, specified in path: DiagnosticReport.result");
            assertThat(ids("DiagnosticReport?identifier=" + q(REPORT + "|LAB-" + run))).isEmpty();
        }

        @Test
        void auditEvent_entityToMissingPatient_answers400Hapi1094() {
            String id = "audit-" + run;
            FhirHttp.Answer answer = http.put("AuditEvent/" + id, auditEvent(id, "Patient/missing-" + run,
                    "2026-03-01T10:00:00Z"));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.issues()).contains("HAPI-1094: Resource Patient/missing-" + run
                    + " not found, specified in path: AuditEvent.entity.what");
        }

        @Test
        void transaction_conditionalUrlWithRawSpace_answers400Hapi1744() {
            Bundle bundle = transaction();
            bundle.addEntry().setResource(patient("van Dijk", "Jan", "1970-01-01", AdministrativeGender.MALE))
                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
                    .setIfNoneExist("Patient?family=van Dijk&identifier=MRN-" + run);

            FhirHttp.Answer answer = http.post("", bundle);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.issues()).contains("HAPI-1744", "must not contain spaces");
            assertThat(ids("Patient?identifier=MRN-" + run)).isEmpty();
        }
    }

    private Patient patient(String family, String given, String birthDate, AdministrativeGender gender) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(MRN).setValue("MRN-" + run);
        patient.addName().setFamily(family).addGiven(given);
        patient.setBirthDateElement(new DateType(birthDate));
        patient.setGender(gender);
        return patient;
    }

    private Observation glucose(String subject) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.addIdentifier().setSystem("urn:smartclinic:lab").setValue("GLU-" + run);
        observation.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
        observation.setCode(new CodeableConcept(new Coding(LOINC, "2339-0", "Glucose [Mass/volume] in Blood")));
        observation.setSubject(new Reference(subject));
        observation.setValue(new Quantity().setValue(95).setUnit("mg/dL").setSystem("http://unitsofmeasure.org")
                .setCode("mg/dL"));
        return observation;
    }

    private DiagnosticReport report(String subject, String status) {
        DiagnosticReport report = new DiagnosticReport()
                .setStatus(DiagnosticReport.DiagnosticReportStatus.fromCode(status))
                .setCode(new CodeableConcept(new Coding(LOINC, "24323-8", "Comprehensive metabolic panel")))
                .setSubject(new Reference(subject));
        report.addIdentifier().setSystem(REPORT).setValue("LAB-" + run);
        return report;
    }

    private static AuditEvent auditEvent(String id, String entity, String recorded) {
        AuditEvent event = new AuditEvent()
                .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful"))
                .setAction(AuditEvent.AuditEventAction.R)
                .setRecordedElement(new InstantType(recorded));
        event.setId(id);
        event.addAgent().setRequestor(true).getWho().setDisplay("Smart Mini-Clinic gateway");
        event.getSource().getObserver().setDisplay("Smart Mini-Clinic gateway");
        event.addEntity().setWhat(new Reference(entity));
        return event;
    }

    private static Bundle transaction() {
        return new Bundle().setType(Bundle.BundleType.TRANSACTION);
    }

    private static String create(Resource resource) {
        FhirHttp.Answer answer = http.post(resource.fhirType(), resource);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.resource(resource.getClass()).getIdPart();
    }

    private static List<String> ids(String query) {
        FhirHttp.Answer answer = http.get(query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.bundle().getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    /** One search-parameter value, URL-escaped by HAPI's helper. */
    private static String q(String value) {
        return UrlUtil.escapeUrlParam(value);
    }
}
