package org.smartclinic.ehr.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JPA EHR as the gateway's tests use it: a child JVM, driven with HAPI's generic client. One start per class. */
class JpaEhrServerIT {

    private static final String SNILS = "urn:oid:1.2.643.100.3";

    private static JpaEhrProcess ehr;
    private static IGenericClient client;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        ehr = JpaEhrProcess.start(Path.of("target", "jpa-ehr-it"));
        System.out.printf("JPA EHR ready in %.1f s, RSS %s%n", (System.nanoTime() - t0) / 1e9, rss(ehr.pid()));
        FhirContext ctx = FhirContext.forR4();
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = ctx.newRestfulGenericClient(ehr.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (ehr != null) {
            ehr.close();
        }
    }

    @Test
    void transactionWithIfNoneExistOnAnEscapedIdentifierCreatesThePatientOnce() {
        String match = "identifier=" + token(SNILS, "123-456-789 00");
        assertThat(match).isEqualTo("identifier=urn:oid:1.2.643.100.3|123-456-789%2000");

        Bundle first = client.transaction().withBundle(patientTransaction("123-456-789 00", match)).execute();
        Bundle second = client.transaction().withBundle(patientTransaction("123-456-789 00", match)).execute();

        assertThat(first.getEntryFirstRep().getResponse().getStatus()).startsWith("201");
        assertThat(second.getEntryFirstRep().getResponse().getStatus()).startsWith("200");
        assertThat(second.getEntryFirstRep().getResponse().getLocation())
                .isEqualTo(first.getEntryFirstRep().getResponse().getLocation());
        assertThat(search("Patient?" + match).getTotal()).isEqualTo(1);
    }

    @Test
    void conditionalCreateWithARawSpaceInItsUrlIsRefused() {
        Patient p = patient("123-456-789 01");

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class, () -> client.create()
                .resource(p).conditionalByUrl("Patient?identifier=" + SNILS + "|123-456-789 01").execute());

        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getMessage()).contains("HAPI-1744").contains("must not contain spaces");
    }

    @Test
    void putWithAClientAssignedIdCreatesTheResourceUnderThatId() {
        AuditEvent event = new AuditEvent();
        event.setId("AuditEvent/gw-1-abc");
        event.setType(new Coding("http://dicom.nema.org/resources/ontology/DCM", "110100", "Application Activity"));
        event.setRecorded(new Date());
        event.addAgent().setRequestor(true);
        event.getSource().getObserver().setDisplay("gateway gw-1");

        MethodOutcome outcome = client.update().resource(event).execute();

        assertThat(outcome.getCreated()).isTrue();
        assertThat(outcome.getId().getIdPart()).isEqualTo("gw-1-abc");
        assertThat(client.read().resource(AuditEvent.class).withId("gw-1-abc").execute().getSource().getObserver()
                .getDisplay()).isEqualTo("gateway gw-1");
    }

    @Test
    void aSearchRightAfterAWriteSeesIt() {
        String value = "search-" + UUID.randomUUID();
        String query = "Patient?identifier=" + token("urn:smartclinic:test", value);
        assertThat(search(query).getTotal()).isZero(); // the same search, made before the write, must not be reused

        client.create().resource(patient(value).setIdentifier(null).addIdentifier(
                new org.hl7.fhir.r4.model.Identifier().setSystem("urn:smartclinic:test").setValue(value))).execute();

        assertThat(search(query).getTotal()).isEqualTo(1);
    }

    private static Bundle patientTransaction(String snils, String ifNoneExist) {
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(patient(snils)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient").setIfNoneExist(ifNoneExist);
        return tx;
    }

    private static Patient patient(String snils) {
        Patient p = new Patient();
        p.addIdentifier().setSystem(SNILS).setValue(snils);
        p.addName().setFamily("Ivanova").addGiven("Anna");
        return p;
    }

    private static Bundle search(String query) {
        return client.search().byUrl(query).returnBundle(Bundle.class).execute();
    }

    /** A token search value: FHIR-escaped ({@code \ | , $}), then URL-encoded, with {@code |} between the two. */
    private static String token(String system, String value) {
        return encode(fhirEscape(system)) + "|" + encode(fhirEscape(value));
    }

    private static String fhirEscape(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace(",", "\\,").replace("$", "\\$");
    }

    /** Percent-encodes for a query string; {@code :} and {@code /} are legal there (RFC 3986) and kept readable. */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":").replace("%2F", "/");
    }

    private static String rss(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).strip()).findFirst().orElse("?");
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }
}
