package org.smartclinic.simulator.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox over real HTTP, as the gateway's uplink meets it: one server (and its warmed validator) for the class,
 * every test with its own identifiers so tests never see each other's data.
 */
class FhirSandboxIT {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final String MRN = "urn:smartclinic:mrn";
    private static final String READING = "urn:smartclinic:reading";

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
    class Crud {

        @Test
        void create_newPatient_answers201WithLocationEtagAndVersion() {
            FhirHttp.Answer created = http.post("Patient", patient("MRN-" + run));

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.header("Location")).matches(sandbox.baseUrl() + "/Patient/\\d+/_history/1");
            assertThat(created.header("ETag")).isEqualTo("W/\"1\"");
            Patient body = created.resource(Patient.class);
            assertThat(body.getMeta().getVersionId()).isEqualTo("1");
            assertThat(body.getMeta().getLastUpdated()).isNotNull();

            FhirHttp.Answer read = http.get("Patient/" + body.getIdPart());
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("ETag")).isEqualTo("W/\"1\"");
            assertThat(read.resource(Patient.class).getIdentifierFirstRep().getValue()).isEqualTo("MRN-" + run);
        }

        @Test
        void read_unknownId_answers404WithOperationOutcome() {
            FhirHttp.Answer read = http.get("Patient/missing-" + run);

            assertThat(read.status()).isEqualTo(404);
            assertThat(read.issues()).contains("Patient/missing-" + run);
            assertThat(read.headers().allValues("Date")).as("HAPI re-adds headers after reset").hasSize(1);
        }

        @Test
        void conditionalCreate_sentTwice_storesOneAndAnswers200WithIt() {
            String ifNoneExist = "identifier=" + MRN + "|MRN-" + run;
            FhirHttp.Answer first = http.post("Patient", patient("MRN-" + run), "If-None-Exist", ifNoneExist);
            FhirHttp.Answer second = http.post("Patient", patient("MRN-" + run), "If-None-Exist", ifNoneExist);

            assertThat(first.status()).as(first.toString()).isEqualTo(201);
            assertThat(second.status()).as(second.toString()).isEqualTo(200);
            assertThat(second.resource(Patient.class).getIdPart())
                    .isEqualTo(first.resource(Patient.class).getIdPart());
            assertThat(second.header("Location")).isEqualTo(first.header("Location"));
            assertThat(total("Patient?identifier=" + MRN + "|MRN-" + run)).isEqualTo(1);
        }

        @Test
        void conditionalCreate_concurrentDuplicates_storesExactlyOne() throws Exception {
            Callable<Integer> upload = () -> http.post("Patient", patient("MRN-" + run),
                    "If-None-Exist", "identifier=" + MRN + "|MRN-" + run).status();
            ExecutorService uplinks = Executors.newFixedThreadPool(8);
            List<Integer> statuses = new ArrayList<>();
            try {
                for (Future<Integer> status : uplinks.invokeAll(Collections.nCopies(8, upload))) {
                    statuses.add(status.get());
                }
            } finally {
                uplinks.shutdownNow();
            }

            assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(7);
            assertThat(total("Patient?identifier=" + MRN + "|MRN-" + run)).isEqualTo(1);
        }

        @Test
        void conditionalCreate_throughHapiClient_reportsCreatedThenMatched() {
            MethodOutcome first = conditionalCreateWithClient();
            MethodOutcome second = conditionalCreateWithClient();

            assertThat(first.getResponseStatusCode()).isEqualTo(201);
            assertThat(second.getResponseStatusCode()).isEqualTo(200);
            assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
        }

        @Test
        void conditionalCreate_matchingTwoResources_answers412() {
            http.post("Patient", patient("MRN-" + run));
            http.post("Patient", patient("MRN-" + run));

            FhirHttp.Answer third = http.post("Patient", patient("MRN-" + run),
                    "If-None-Exist", "identifier=MRN-" + run);

            assertThat(third.status()).isEqualTo(412);
            assertThat(third.issues()).contains("matched 2 resources");
            assertThat(total("Patient?identifier=MRN-" + run)).isEqualTo(2);
        }

        @Test
        void update_clientAssignedId_createsThenStoresVersion2() {
            String id = "bpm-" + run;
            FhirHttp.Answer created = http.put("Device/" + id, device(id, "v1"));
            FhirHttp.Answer updated = http.put("Device/" + id, device(id, "v2"));

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.header("Content-Location")).endsWith("/Device/" + id + "/_history/1");
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            assertThat(updated.header("ETag")).isEqualTo("W/\"2\"");
            assertThat(updated.resource(Device.class).getMeta().getVersionId()).isEqualTo("2");
            assertThat(http.get("Device/" + id + "/_history/1").resource(Device.class).getVersion())
                    .extracting(v -> v.getValue()).containsExactly("v1");
            assertThat(http.get("Device/" + id).resource(Device.class).getVersionFirstRep().getValue())
                    .isEqualTo("v2");
        }

        @Test
        void update_unchangedContent_keepsTheVersionLikeHapiJpa() {
            String id = "bpm-" + run;
            http.put("Device/" + id, device(id, "v1"));

            FhirHttp.Answer again = http.put("Device/" + id, device(id, "v1"));

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("ETag")).isEqualTo("W/\"1\"");
        }

        @Test
        void update_staleIfMatch_answers409AndKeepsCurrentVersion() {
            String id = "bpm-" + run;
            http.put("Device/" + id, device(id, "v1"));
            http.put("Device/" + id, device(id, "v2"));

            FhirHttp.Answer stale = http.put("Device/" + id, device(id, "v3"), "If-Match", "W/\"1\"");

            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.issues()).contains("not the current version");
            assertThat(http.get("Device/" + id).header("ETag")).isEqualTo("W/\"2\"");
        }

        @Test
        void update_numericIdForNewResource_answers400LikeHapiJpa() {
            String id = Long.toString(9_000_000_000L + Math.abs(run.hashCode()));
            FhirHttp.Answer answer = http.put("Device/" + id, device(id, "v1"));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.issues()).contains("at least one non-numeric character");
        }

        @Test
        void conditionalUpdate_byIdentifier_createsThenUpdatesThatResource() {
            String url = "Device?identifier=urn:smartclinic:device|SN-" + run;
            FhirHttp.Answer created = http.put(url, device(null, "v1"));
            FhirHttp.Answer updated = http.put(url, device(null, "v2"));

            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
            Device device = updated.resource(Device.class);
            assertThat(device.getIdPart()).isEqualTo(created.resource(Device.class).getIdPart());
            assertThat(device.getMeta().getVersionId()).isEqualTo("2");
            assertThat(total(url)).isEqualTo(1);
        }

        @Test
        void conditionalUpdate_matchingTwoResources_answers412() {
            http.post("Device", device(null, "a"));
            http.post("Device", device(null, "b"));

            FhirHttp.Answer answer = http.put("Device?identifier=SN-" + run, device(null, "c"));

            assertThat(answer.status()).isEqualTo(412);
            assertThat(answer.issues()).contains("matched 2 resources");
        }

        @Test
        void create_referenceToMissingPatient_answers400NamingIt() {
            String observation = Fixtures.json("observation-bp-valid.json",
                    Map.of("run", run, "patient", "Patient/no-such-" + run));

            FhirHttp.Answer answer = http.post("Observation", observation);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.issues()).contains("Patient/no-such-" + run + " not found", "Observation.subject");
        }

        @Test
        void create_unknownElement_answers422InsteadOfDroppingIt() {
            String json = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + MRN + "\",\"value\":\"MRN-"
                    + run + "\"}],\"nickname\":\"Anya\"}";

            FhirHttp.Answer answer = http.post("Patient", json);

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.issues()).contains("Unknown element 'nickname'");
            assertThat(total("Patient?identifier=MRN-" + run)).isZero();
        }

        private MethodOutcome conditionalCreateWithClient() {
            return client.create().resource(patient("MRN-" + run)).conditional()
                    .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(MRN, "MRN-" + run)).execute();
        }
    }

    @Nested
    class Search {

        @Test
        void search_byIdentifier_returnsMatchWithTotal() {
            Exam exam = postExam();

            Bundle bySystemAndValue = search("Observation?identifier=" + READING + "|BP-" + run);
            Bundle byValue = search("Observation?identifier=BP-" + run);

            assertThat(bySystemAndValue.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
            assertThat(bySystemAndValue.getTotal()).isEqualTo(1);
            assertThat(bySystemAndValue.getEntryFirstRep().getResource().getIdElement().getIdPart())
                    .isEqualTo(exam.bloodPressure());
            assertThat(bySystemAndValue.getEntryFirstRep().getSearch().getMode())
                    .isEqualTo(Bundle.SearchEntryMode.MATCH);
            assertThat(byValue.getTotal()).isEqualTo(1);
        }

        @Test
        void search_bySubjectOrPatient_acceptsTypedReferenceAndPlainId() {
            Exam exam = postExam();

            assertThat(total("Observation?subject=Patient/" + exam.patient())).isEqualTo(2);
            assertThat(total("Observation?subject=" + exam.patient())).isEqualTo(2);
            assertThat(total("Observation?patient=" + exam.patient())).isEqualTo(2);
            assertThat(total("Observation?subject:Patient=" + exam.patient())).isEqualTo(2);
            assertThat(total("Encounter?subject=Patient/" + exam.patient())).isEqualTo(1);
        }

        @Test
        void search_byCodeEncounterDeviceStatus_combinesParametersWithAnd() {
            Exam exam = postExam();
            String subject = "&subject=Patient/" + exam.patient();

            assertThat(ids("Observation?code=http://loinc.org|8867-4&encounter=Encounter/" + exam.encounter()))
                    .containsExactly(exam.heartRate());
            assertThat(ids("Observation?code=85354-9" + subject)).containsExactly(exam.bloodPressure());
            assertThat(ids("Observation?code=8867-4,85354-9" + subject))
                    .containsExactly(exam.bloodPressure(), exam.heartRate());
            assertThat(total("Observation?device=Device/" + exam.device() + "&status=final")).isEqualTo(2);
            assertThat(total("Observation?code=8867-4&status=preliminary" + subject)).isZero();
        }

        @Test
        void search_unknownParameter_answers400InsteadOfReturningEverything() {
            FhirHttp.Answer observation = http.get("Observation?valueQuantity=120");
            FhirHttp.Answer patient = http.get("Patient?address-city=Kazan");

            assertThat(observation.status()).isEqualTo(400);
            assertThat(observation.issues()).contains("HAPI-0524: Unknown search parameter \"valueQuantity\"",
                    "subject");
            assertThat(patient.status()).isEqualTo(400);
            assertThat(patient.issues()).contains("\"address-city\" for resource type \"Patient\" is not supported");
        }

        @Test
        void search_count_pagesButTotalCountsAllMatches() {
            Exam exam = postExam();

            Bundle firstPage = search("Observation?subject=Patient/" + exam.patient() + "&_count=1");
            Bundle secondPage = http.get(firstPage.getLink("next").getUrl()).bundle();

            assertThat(firstPage.getTotal()).isEqualTo(2);
            assertThat(firstPage.getEntry()).hasSize(1);
            assertThat(secondPage.getEntry()).hasSize(1);
            assertThat(List.of(firstPage, secondPage)).flatExtracting(Bundle::getEntry)
                    .extracting(e -> e.getResource().getIdElement().getIdPart())
                    .containsExactly(exam.bloodPressure(), exam.heartRate());
        }
    }

    @Nested
    class Transactions {

        @Test
        void transaction_examBundle_createsEverythingAndRewritesPlaceholders() {
            FhirHttp.Answer answer = http.post("", Fixtures.json("transaction-exam.json", Map.of("run", run)));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            Bundle response = answer.bundle();
            assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
            assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus()).containsOnly("201 Created");
            assertThat(response.getEntry()).extracting(e -> e.getResponse().getLocation())
                    .allMatch(l -> l.matches("(Patient|Encounter|Device|Observation)/\\d+/_history/1"));
            assertThat(response.getEntry()).extracting(e -> e.getResponse().getEtag()).containsOnly("W/\"1\"");

            Exam exam = Exam.of(response);
            Observation bloodPressure = http.get("Observation/" + exam.bloodPressure()).resource(Observation.class);
            assertThat(bloodPressure.getSubject().getReference()).isEqualTo("Patient/" + exam.patient());
            assertThat(bloodPressure.getEncounter().getReference()).isEqualTo("Encounter/" + exam.encounter());
            assertThat(bloodPressure.getDevice().getReference()).isEqualTo("Device/" + exam.device());
            assertThat(http.get("Encounter/" + exam.encounter()).resource(Encounter.class).getSubject().getReference())
                    .isEqualTo("Patient/" + exam.patient());
        }

        @Test
        void transaction_sameBundleTwice_createsNothingAndAnswers200ForTheExisting() {
            String bundle = Fixtures.json("transaction-exam.json", Map.of("run", run));
            Bundle first = http.post("", bundle).bundle();
            Map<String, Integer> countsBefore = counts();

            FhirHttp.Answer again = http.post("", bundle);

            assertThat(again.status()).as(again.toString()).isEqualTo(200);
            assertThat(again.bundle().getEntry()).extracting(e -> e.getResponse().getStatus())
                    .containsOnly("200 OK");
            assertThat(again.bundle().getEntry()).extracting(e -> e.getResponse().getLocation())
                    .containsExactlyElementsOf(first.getEntry().stream().map(e -> e.getResponse().getLocation())
                            .toList());
            assertThat(counts()).isEqualTo(countsBefore);
        }

        @Test
        void transaction_oneInvalidEntry_answers422NamingItAndStoresNothing() {
            Map<String, Integer> countsBefore = counts();

            FhirHttp.Answer answer = http.post("", Fixtures.json("transaction-one-invalid.json", Map.of("run", run)));

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.issues()).contains("Bundle.entry[1]", "bpm").doesNotContain("Bundle.entry[0]");
            assertThat(total("Patient?identifier=MRN-" + run)).isZero();
            assertThat(counts()).isEqualTo(countsBefore);
        }

        @Test
        void transaction_placeholderWithoutEntry_answers400AndStoresNothing() {
            String bundle = Fixtures.json("transaction-exam.json", Map.of("run", run))
                    .replace("\"reference\": \"urn:uuid:6f1d7c3e-0000-4000-8000-000000000003\"",
                            "\"reference\": \"urn:uuid:00000000-dead-4000-8000-000000000000\"");
            Map<String, Integer> countsBefore = counts();

            FhirHttp.Answer answer = http.post("", bundle);

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.issues()).contains("Bundle.entry[3]", "urn:uuid:00000000-dead-4000-8000-000000000000");
            assertThat(counts()).isEqualTo(countsBefore);
        }

        @Test
        void transaction_conditionalPutThenGet_updatesAndReadsInOneBundle() {
            Exam exam = Exam.of(http.post("", Fixtures.json("transaction-exam.json", Map.of("run", run))).bundle());
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            Patient renamed = patient("MRN-" + run);
            renamed.getNameFirstRep().setFamily("Petrova-Smirnova");
            bundle.addEntry().setResource(renamed).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl("Patient?identifier=" + MRN + "|MRN-" + run);
            bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + exam.patient());

            Bundle response = http.post("", bundle).bundle();

            assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus())
                    .containsExactly("200 OK", "200 OK");
            assertThat(response.getEntry().get(0).getResponse().getLocation())
                    .isEqualTo("Patient/" + exam.patient() + "/_history/2");
            assertThat(((Patient) response.getEntry().get(1).getResource()).getNameFirstRep().getFamily())
                    .isEqualTo("Petrova-Smirnova");
        }
    }

    @Nested
    class Validation {

        @Test
        void create_correctR4BloodPressure_isAccepted() {
            String patient = createPatient();
            FhirHttp.Answer answer = http.post("Observation",
                    Fixtures.json("observation-bp-valid.json", Map.of("run", run, "patient", patient)));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = ';', textBlock = """
                observation-bp-no-subject.json;   Observation.subject: minimum required = 1;  bp
                observation-bp-unit-mmHg.json;    The unit 'mmHg' is unknown;                 fixed to 'mm[Hg]'
                observation-bp-no-diastolic.json; DiastolicBP;                                Observation.component
                observation-hr-unit-bpm.json;     The unit 'bpm' is unknown;                  fixed to '/min'
                """)
        void create_invalidVitalSign_answers422NamingTheProblem(String fixture, String problem, String detail) {
            String patient = createPatient();
            FhirHttp.Answer answer = http.post("Observation",
                    Fixtures.json(fixture, Map.of("run", run, "patient", patient)));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
            assertThat(answer.issues()).contains(problem, detail).startsWith("error");
            assertThat(total("Observation?subject=" + patient)).isZero();
        }

        @Test
        void update_invalidVitalSign_answers422() {
            String patient = createPatient();
            FhirHttp.Answer answer = http.put("Observation/hr-" + run,
                    Fixtures.json("observation-hr-unit-bpm.json", Map.of("run", run, "patient", patient))
                            .replaceFirst("\\{", "{\"id\":\"hr-" + run + "\","));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
            assertThat(http.get("Observation/hr-" + run).status()).isEqualTo(404);
        }
    }

    /** The ids a posted exam bundle got, read from its transaction-response. */
    record Exam(String patient, String encounter, String device, String bloodPressure, String heartRate) {
        static Exam of(Bundle response) {
            List<String> ids = response.getEntry().stream().map(BundleEntryComponent::getResponse)
                    .map(r -> r.getLocation().split("/")[1]).toList();
            return new Exam(ids.get(0), ids.get(1), ids.get(2), ids.get(3), ids.get(4));
        }
    }

    private Exam postExam() {
        FhirHttp.Answer answer = http.post("", Fixtures.json("transaction-exam.json", Map.of("run", run)));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return Exam.of(answer.bundle());
    }

    private String createPatient() {
        FhirHttp.Answer answer = http.post("Patient", patient("MRN-" + run));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return "Patient/" + answer.resource(Patient.class).getIdPart();
    }

    private static Bundle search(String query) {
        FhirHttp.Answer answer = http.get(query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.bundle();
    }

    private static int total(String query) {
        return search(query + (query.contains("?") ? "&" : "?") + "_summary=count").getTotal();
    }

    private static List<String> ids(String query) {
        return search(query).getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private static Map<String, Integer> counts() {
        return Map.of("Patient", total("Patient"), "Encounter", total("Encounter"), "Device", total("Device"),
                "Observation", total("Observation"));
    }

    private static Patient patient(String mrn) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(MRN).setValue(mrn);
        patient.addName().setFamily("Petrova").addGiven("Anna");
        return patient;
    }

    private Device device(String id, String version) {
        Device device = new Device();
        device.setId(id);
        device.addIdentifier().setSystem("urn:smartclinic:device").setValue("SN-" + run);
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.addVersion().setValue(version);
        return device;
    }
}
