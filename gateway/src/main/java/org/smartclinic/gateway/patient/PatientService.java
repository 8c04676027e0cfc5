package org.smartclinic.gateway.patient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Patient;
import org.jboss.logging.Logger;
import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.fhir.PatientMapper;
import org.smartclinic.fhir.PatientRecord;
import org.smartclinic.fhir.SearchUrl;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.journal.PatientRecords;
import org.smartclinic.gateway.uplink.DeliveryFailure;
import org.smartclinic.gateway.uplink.EhrClient;
import org.smartclinic.gateway.uplink.Uplink;

/**
 * Finds and registers patients. The EHR is asked first, within {@code smartclinic.patients.search-timeout}; every
 * patient it returns is remembered locally. When it does not answer, searches are answered from the local cache and
 * registrations are kept locally and created upstream later by the uplink - the answer says which happened.
 */
@ApplicationScoped
public class PatientService {

    private static final Logger LOG = Logger.getLogger(PatientService.class);

    /**
     * The answer of a search or registration.
     *
     * @param source {@code ehr} or {@code local-cache}
     * @param note   why the EHR was not used, without patient data; null when it was
     */
    public record Found(String source, String note, List<PatientRecords.Patient> patients) {
    }

    @Inject
    GatewayConfig config;

    @Inject
    PatientRecords records;

    @Inject
    EhrClient ehr;

    @Inject
    Uplink uplink;

    /** EHR calls block; each gets a virtual thread so a hanging EHR holds up nothing else. */
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

    @PreDestroy
    void stop() {
        calls.shutdownNow();
    }

    /** Configured identifier systems: short name to URI, sorted by name. */
    public Map<String, String> systems() {
        return new TreeMap<>(config.patients().identifierSystems());
    }

    /** URI to short name. */
    public Map<String, String> systemNames() {
        Map<String, String> out = new TreeMap<>();
        systems().forEach((name, uri) -> out.put(uri, name));
        return out;
    }

    /** The URI of a system given by its short name or its URI; refuses others. */
    public String system(String nameOrUri) {
        Map<String, String> systems = systems();
        if (nameOrUri != null && systems.containsKey(nameOrUri.strip())) {
            return systems.get(nameOrUri.strip());
        }
        if (nameOrUri != null && systems.containsValue(nameOrUri.strip())) {
            return nameOrUri.strip();
        }
        throw ApiException.badRequest("unknown identifier system", "one of " + systems.keySet()
                + " (or their URIs, GET /api/patients/systems); more are configured with"
                + " smartclinic.patients.identifier-systems.<name>=<URI>");
    }

    public Found byIdentifier(PatientIdentifier id) {
        return search(SearchUrl.patientByIdentifier(id.system(), id.value()),
                () -> records.byIdentifier(id).map(List::of).orElse(List.of()));
    }

    public Found byName(String family, String given, LocalDate birthDate) {
        int max = config.patients().maxResults();
        return search(SearchUrl.patientByName(family, given, birthDate),
                () -> records.byName(family, given, birthDate, max));
    }

    private Found search(String url, Supplier<List<PatientRecords.Patient>> local) {
        try {
            List<Patient> found = call(() -> ehr.searchPatients(url, config.patients().maxResults()));
            List<PatientRecords.Patient> out = new ArrayList<>();
            for (Patient p : found) {
                out.add(records.rememberFromEhr(details(PatientMapper.fromFhir(p)), ref(p)).join());
            }
            return new Found("ehr", null, out);
        } catch (EhrUnavailable e) {
            return new Found("local-cache", e.getMessage() + "; showing patients known to this gateway", local.get());
        }
    }

    /**
     * Registers a patient: one already on the EHR (by any of the identifiers) is returned, else created there; when
     * the EHR does not answer, the patient is kept here and created upstream later.
     */
    public Registration register(PatientRecords.Details d) {
        try {
            for (PatientIdentifier id : d.identifiers()) {
                List<Patient> found = call(() -> ehr.searchPatients(SearchUrl.patientByIdentifier(id.system(),
                        id.value()), 1));
                if (!found.isEmpty()) {
                    PatientRecords.Patient p = records.rememberFromEhr(
                            details(PatientMapper.fromFhir(found.getFirst())), ref(found.getFirst())).join();
                    return new Registration(p, false, "ehr", null);
                }
            }
            Patient fhir = PatientMapper.toFhir(record(d));
            String ref = call(() -> ehr.createPatient(fhir, d.identifiers().getFirst()));
            PatientRecords.Registered r = records.register(d, ref).join();
            if (r.patient().ehrRef() == null) {
                records.linkToEhr(r.patient().id(), ref).join();
            }
            return new Registration(records.get(r.patient().id()).orElseThrow(), r.created(), "ehr", null);
        } catch (EhrUnavailable e) {
            PatientRecords.Registered r = records.register(d, null).join();
            uplink.signal();
            return new Registration(r.patient(), r.created(), "local-cache",
                    e.getMessage() + "; registered here, created on the EHR when it is reachable");
        }
    }

    public java.util.Optional<PatientRecords.Patient> local(String id) {
        return records.get(id);
    }

    /** The outcome of {@link #register}. */
    public record Registration(PatientRecords.Patient patient, boolean created, String source, String note) {
    }

    static PatientRecords.Details details(PatientRecord r) {
        return new PatientRecords.Details(r.identifiers(), r.family(),
                r.given() == null || r.given().isEmpty() ? null : String.join(" ", r.given()), r.birthDate(),
                r.gender());
    }

    static PatientRecord record(PatientRecords.Details d) {
        return new PatientRecord(d.identifiers(), d.family(), d.given() == null ? List.of()
                : List.of(d.given().split("\\s+")), d.birthDate(), d.gender());
    }

    private static String ref(Patient p) {
        return "Patient/" + p.getIdElement().getIdPart();
    }

    /** The EHR did not answer in time or failed; the message holds no patient data. */
    static final class EhrUnavailable extends Exception {
        EhrUnavailable(String message) {
            super(message);
        }
    }

    private <T> T call(Supplier<T> work) throws EhrUnavailable {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(work, calls);
        long timeout = config.patients().searchTimeout().toMillis();
        try {
            return f.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new EhrUnavailable("the EHR did not answer within " + config.patients().searchTimeout());
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof RuntimeException re
                    ? DeliveryFailure.of(re, org.smartclinic.fhir.FhirContexts.r4()).message()
                    : e.getCause().getClass().getSimpleName();
            LOG.warnf("EHR patient request failed: %s", Phi.scrub(why));
            throw new EhrUnavailable("the EHR failed: " + Phi.scrub(why));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EhrUnavailable("interrupted");
        }
    }
}
