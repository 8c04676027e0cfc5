package org.smartclinic.simulator.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartclinic.simulator.cli.FhirSandboxCommand;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Starting, sharing a port, stopping, the command line, and what a sandbox without validation accepts. Validation
 * is off here, so nothing waits for the validator to warm up.
 */
class FhirSandboxLifecycleIT {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final FhirSandbox.Settings NO_VALIDATION =
            FhirSandbox.Settings.defaults().withPort(0).withValidate(false);

    private static FhirSandbox sandbox;
    private static FhirHttp http;

    @BeforeAll
    static void startSandbox() {
        sandbox = FhirSandbox.start(NO_VALIDATION, FHIR);
        http = new FhirHttp(FHIR, sandbox.baseUrl());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @Test
    void start_validationOff_isReadyAtOnceOnAnEphemeralPort() {
        assertThat(sandbox.awaitReady(Duration.ZERO)).isTrue();
        assertThat(sandbox.port()).isPositive().isNotEqualTo(8090);
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port() + "/fhir");
    }

    @Test
    void start_portInUse_failsNamingThePortAndHowToChooseAnother() {
        FhirSandbox.Settings samePort = NO_VALIDATION.withPort(sandbox.port());

        assertThatThrownBy(() -> FhirSandbox.start(samePort, FHIR))
                .isInstanceOf(FhirSandboxStartException.class)
                .hasMessageContaining("Port " + sandbox.port())
                .hasMessageContaining("already in use")
                .hasMessageContaining("--port");
        assertThat(http.get("metadata").status()).as("the running sandbox is untouched").isEqualTo(200);
    }

    @Test
    void close_freesThePortForTheNextSandbox() {
        FhirSandbox first = FhirSandbox.start(NO_VALIDATION, FHIR);
        int port = first.port();
        first.close();
        first.close();

        try (FhirSandbox second = FhirSandbox.start(NO_VALIDATION.withPort(port), FHIR)) {
            assertThat(new FhirHttp(FHIR, second.baseUrl()).get("metadata").status()).isEqualTo(200);
        }
        assertThatThrownBy(() -> new FhirHttp(FHIR, first.baseUrl()).get("metadata"))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void start_otherContextPath_servesThere() {
        try (FhirSandbox root = FhirSandbox.start(NO_VALIDATION.withContextPath("ehr/r4/"), FHIR)) {
            assertThat(root.baseUrl()).endsWith(":" + root.port() + "/ehr/r4");
            assertThat(new FhirHttp(FHIR, root.baseUrl()).get("metadata").status()).isEqualTo(200);
        }
    }

    @Test
    void create_validationOff_acceptsInvalidVitalSigns() {
        String patient = "Patient/" + http.post("Patient", new Patient()).resource(Patient.class).getIdPart();

        FhirHttp.Answer answer = http.post("Observation",
                Fixtures.json("observation-hr-unit-bpm.json", Map.of("run", "off", "patient", patient)));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    @Test
    void transaction_batchOrDuplicateFullUrl_answers400SayingWhy() {
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        Bundle duplicateFullUrls = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 2; i++) {
            duplicateFullUrls.addEntry().setFullUrl("urn:uuid:5a1e0000-0000-4000-8000-000000000001")
                    .setResource(new Patient()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        }

        FhirHttp.Answer batchAnswer = http.post("", batch);
        FhirHttp.Answer duplicateAnswer = http.post("", duplicateFullUrls);

        assertThat(batchAnswer.status()).isEqualTo(400);
        assertThat(batchAnswer.issues()).contains("only Bundle.type \"transaction\"");
        assertThat(duplicateAnswer.status()).isEqualTo(400);
        assertThat(duplicateAnswer.issues()).contains("Bundle.entry[1]", "used by an earlier entry");
    }

    @Test
    void metadata_listsTheSupportedSearchParametersAndConditionalInteractions() {
        CapabilityStatement statement = http.get("metadata").resource(CapabilityStatement.class);

        CapabilityStatementRestResourceComponent observation = statement.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("Observation")).findFirst().orElseThrow();
        assertThat(observation.getSearchParam()).extracting(p -> p.getName())
                .containsExactlyInAnyOrder("_id", "identifier", "subject", "patient", "encounter", "code", "device",
                        "status", "specimen", "has-member");
        assertThat(observation.getConditionalCreate()).isTrue();
        assertThat(observation.getConditionalUpdate()).isTrue();
        assertThat(statement.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .containsExactlyInAnyOrder("Patient", "Device", "Encounter", "Observation", "DiagnosticReport",
                        "AuditEvent", "Specimen");
    }

    @Test
    void metadata_listsExactlyTheFrozenFeatureSet() {
        CapabilityStatement statement = http.get("metadata").resource(CapabilityStatement.class);

        CapabilityStatementRestResourceComponent patient = resource(statement, "Patient");
        assertThat(patient.getSearchParam()).extracting(p -> p.getName() + ":" + p.getType().toCode())
                .containsExactlyInAnyOrder("_id:token", "identifier:token", "family:string", "given:string",
                        "name:string", "birthdate:date", "gender:token");
        assertThat(resource(statement, "AuditEvent").getSearchParam()).extracting(p -> p.getName())
                .containsExactlyInAnyOrder("_id", "entity", "date");
        assertThat(patient.getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactlyInAnyOrder("read", "vread", "create", "update", "search-type");
        assertThat(patient.getSearchInclude()).isEmpty();
        assertThat(patient.getConditionalDelete()).isEqualTo(CapabilityStatement.ConditionalDeleteStatus.NOTSUPPORTED);
        assertThat(statement.getRestFirstRep().getInteraction()).extracting(i -> i.getCode().toCode())
                .containsExactly("transaction");
        assertThat(statement.getRestFirstRep().getOperation()).isEmpty();
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement statement, String type) {
        return statement.getRestFirstRep().getResource().stream().filter(r -> r.getType().equals(type)).findFirst()
                .orElseThrow();
    }

    @Test
    void command_fhirSandbox_printsBaseUrlAndReadyThenStopsWhenInterrupted() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new FhirSandboxCommand()).setOut(new PrintWriter(out, true));
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread thread = new Thread(() -> exitCode.set(command.execute("--port", "0", "--no-validate")),
                "fhir-sandbox-command-test");
        thread.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("ready"));
        Matcher url = Pattern.compile("listening on (http://\\S+)").matcher(out.toString());
        assertThat(url.find()).as(out.toString()).isTrue();
        FhirHttp commandHttp = new FhirHttp(FHIR, url.group(1));
        assertThat(commandHttp.get("metadata").status()).isEqualTo(200);

        thread.interrupt();
        await().atMost(Duration.ofSeconds(30)).until(() -> !thread.isAlive());
        assertThat(exitCode.get()).isZero();
        assertThatThrownBy(() -> commandHttp.get("metadata")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void command_portInUse_exitsWith1AndSaysWhy() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new FhirSandboxCommand()).setErr(new PrintWriter(err, true));

        int exitCode = command.execute("--port", Integer.toString(sandbox.port()), "--no-validate");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("Port " + sandbox.port(), "already in use");
    }
}
