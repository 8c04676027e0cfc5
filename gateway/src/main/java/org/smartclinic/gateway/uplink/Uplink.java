package org.smartclinic.gateway.uplink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hl7.fhir.r4.model.Bundle;
import org.jboss.logging.Logger;
import org.smartclinic.fhir.FhirContexts;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.gateway.config.GatewayConfig;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.journal.Corrections;
import org.smartclinic.gateway.journal.Exam;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.StoredReading;
import org.smartclinic.gateway.live.ExamFeed;

/**
 * Sends the outbox to the EHR, oldest first, on one thread. New bound readings wake it at once; otherwise it
 * looks every {@code smartclinic.uplink.poll-interval}. On a transient failure it stops, waits (exponential
 * backoff, capped), and resumes with the same item, so the EHR receives readings in the order they were taken.
 */
@ApplicationScoped
public class Uplink {

    private static final Logger LOG = Logger.getLogger(Uplink.class);
    private static final int BATCH = 50;

    @Inject
    GatewayConfig config;

    @Inject
    Journal journal;

    @Inject
    EhrClient ehr;

    @Inject
    UploadBundles bundles;

    @Inject
    ExamRecords exams;

    @Inject
    Corrections corrections;

    @Inject
    PatientUplink patients;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    @Inject
    ExamFeed live;

    private final Object wakeUp = new Object();
    private boolean signalled;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile String ehrStatus = "not contacted yet";
    private volatile Map<Outbox.State, Long> lastCounts = Map.of();
    private volatile Instant ehrStatusSince;

    private Counter sent;
    private Counter retried;
    private Counter dead;
    private Timer roundTrip;

    @PostConstruct
    void metrics() {
        sent = Counter.builder("smartclinic.uploads").tag("outcome", "sent")
                .description("Outbox items by delivery outcome").register(meters);
        retried = Counter.builder("smartclinic.uploads").tag("outcome", "retry").register(meters);
        dead = Counter.builder("smartclinic.uploads").tag("outcome", "dead").register(meters);
        roundTrip = Timer.builder("smartclinic.uplink.transaction").description("Time the EHR took per transaction")
                .register(meters);
        Gauge.builder("smartclinic.outbox.depth", journal, j -> j.outboxCounts().get(Outbox.State.PENDING))
                .description("Outbox items not yet accepted by the EHR").register(meters);
        Gauge.builder("smartclinic.outbox.dead", journal, j -> j.outboxCounts().get(Outbox.State.DEAD))
                .description("Outbox items the EHR refused (dead letters)").register(meters);
    }

    /** Starts the delivery thread, unless delivery is switched off. */
    public void start() {
        if (!config.uplink().enabled()) {
            ehrStatus = "delivery switched off (smartclinic.uplink.enabled=false)";
            LOG.warn("uplink disabled: readings stay in the outbox");
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("uplink").daemon(true).start(this::run);
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** There is new work: deliver it now rather than at the next poll. */
    public void signal() {
        synchronized (wakeUp) {
            signalled = true;
            wakeUp.notifyAll();
        }
    }

    public boolean alive() {
        Thread t = thread;
        return !config.uplink().enabled() || (t != null && t.isAlive());
    }

    /** The EHR as last seen, e.g. "ok" or "unreachable: ...". */
    public String ehrStatus() {
        return ehrStatus;
    }

    public Instant ehrStatusSince() {
        return ehrStatusSince;
    }

    /** The outbox's counts by state as the delivery thread last saw them (no query: for health checks). */
    public Map<Outbox.State, Long> lastCounts() {
        return lastCounts;
    }

    private void run() {
        Duration backoff = config.uplink().initialBackoff();
        while (running) {
            try {
                lastCounts = journal.outboxCounts();
                List<Outbox.Item> due = journal.dueOutbox(clock.instant(), BATCH);
                if (due.isEmpty()) {
                    await(config.uplink().pollInterval(), true);
                    continue;
                }
                DeliveryFailure failure = deliverInOrder(due, backoff);
                if (failure == null) {
                    backoff = config.uplink().initialBackoff();
                } else {
                    setEhrStatus("failing: " + failure.message());
                    LOG.warnf("EHR delivery failed, retrying in %s: %s", backoff, failure.message());
                    await(backoff, false);
                    backoff = min(backoff.multipliedBy(2), config.uplink().maxBackoff());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug or a journal problem: never let it end delivery for good.
                LOG.error("uplink loop failed; retrying", e);
                try {
                    await(backoff, false);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Delivers items until one fails transiently; returns that failure, or null if none did. */
    private DeliveryFailure deliverInOrder(List<Outbox.Item> due, Duration backoff) {
        for (Outbox.Item item : due) {
            if (!running) {
                return null;
            }
            DeliveryFailure f = deliver(item);
            if (f == null) {
                continue;
            }
            if (f.transientFailure()) {
                retried.increment();
                journal.markRetry(item.id(), clock.instant().plus(backoff), f.message()).join();
                return f;
            }
            dead.increment();
            LOG.errorf("EHR refused outbox item %d (%s); kept as a dead letter: %s", item.id(), item.kind(),
                    f.message());
            journal.markDead(item.id(), f.message()).join();
            live.delivered(item);
        }
        return null;
    }

    private DeliveryFailure deliver(Outbox.Item item) {
        try {
            long start = System.nanoTime();
            Optional<List<String>> stored = switch (item.kind()) {
                case READING -> reading(item);
                case EXAM_CLOSE -> send(bundles.forClosedExam(exam(item)));
                case DEVICE -> send(bundles.forDevice(item.deviceId()).orElseThrow(() -> new IllegalStateException(
                        "device " + item.deviceId() + " is no longer registered; its Device is not updated")));
                case PATIENT -> patients.createUpstream(item.ref());
                case RETRACT -> retract(item);
                case REPORT -> {
                    Exam exam = exam(item);
                    yield send(bundles.forReport(exam, journal.uploadedObservations(exam.id()),
                            journal.deliveredBefore(Outbox.Kind.REPORT, exam.id(), item.id()), clock.instant()));
                }
                case AUDIT -> audit(item);
            };
            if (stored.isEmpty()) {
                journal.markCancelled(item.id(), "no longer to be sent: the reading's binding changed").join();
                return null;
            }
            roundTrip.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            journal.markSent(item.id(), stored.get()).join();
            live.delivered(item);
            sent.increment();
            setEhrStatus("ok");
            return null;
        } catch (MappingException e) {
            return new DeliveryFailure(false, "cannot build the bundle: " + e.getMessage());
        } catch (BuildFailure e) {
            return new DeliveryFailure(false, "cannot build the bundle: " + e.getMessage());
        } catch (RuntimeException e) {
            return DeliveryFailure.of(e, FhirContexts.r4());
        }
    }

    /** The reading's upload, unless it is no longer bound as this item says (then empty: the item is cancelled). */
    private Optional<List<String>> reading(Outbox.Item item) throws MappingException {
        StoredReading r = storedReading(item);
        if (r.binding().state() != BindingState.BOUND || r.exam() == null
                || !String.valueOf(r.binding().version()).equals(item.ref())) {
            return Optional.empty();
        }
        return send(bundles.forReading(r));
    }

    /** Marks the Observations of the item's (earlier) binding entered-in-error, where the EHR has them. */
    private Optional<List<String>> retract(Outbox.Item item) throws MappingException {
        StoredReading r = storedReading(item);
        ExamBinding old = exam(item).binding(Integer.parseInt(item.ref()), null, null);
        List<String> retracted = new ArrayList<>();
        for (Identifier id : bundles.observationIdentifiers(r.reading(), old)) {
            Optional<Observation> found = ehr.observation(id);
            if (found.isPresent() && found.get().getStatus() != Observation.ObservationStatus.ENTEREDINERROR) {
                Observation o = found.get();
                o.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
                ehr.update(o);
                retracted.add("Observation/" + o.getIdElement().getIdPart());
            }
        }
        return Optional.of(retracted);
    }

    private Optional<List<String>> audit(Outbox.Item item) throws MappingException {
        Corrections.Change change = corrections.change(Long.parseLong(item.ref())).orElseThrow(() ->
                new BuildFailure("outbox item " + item.id() + " names a missing binding change"));
        StoredReading r = storedReading(item);
        ExamBinding from = change.fromExam() == null ? null : examById(change.fromExam())
                .binding(change.fromVersion(), null, null);
        ExamBinding to = change.toExam() == null ? null : examById(change.toExam())
                .binding(change.toVersion(), null, null);
        return send(bundles.forAudit(change, r.reading(), from, to));
    }

    private Optional<List<String>> send(Bundle bundle) {
        return Optional.of(locations(ehr.transaction(bundle)));
    }

    private StoredReading storedReading(Outbox.Item item) {
        return journal.reading(item.readingId()).orElseThrow(() ->
                new BuildFailure("outbox item " + item.id() + " names a missing reading"));
    }

    private Exam exam(Outbox.Item item) {
        return examById(item.examId());
    }

    private Exam examById(String id) {
        return exams.exam(id).orElseThrow(() -> new BuildFailure("exam " + id + " is missing from the journal"));
    }

    /** The journal lacks what an item names: retrying cannot help. */
    private static final class BuildFailure extends RuntimeException {
        BuildFailure(String message) {
            super(message);
        }
    }

    private static List<String> locations(Bundle response) {
        List<String> out = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : response.getEntry()) {
            String location = e.getResponse().getLocation();
            if (location != null) {
                int history = location.indexOf("/_history");
                out.add(history > 0 ? location.substring(0, history) : location);
            }
        }
        return out;
    }

    private void setEhrStatus(String status) {
        if (!status.equals(ehrStatus)) {
            ehrStatus = status;
            ehrStatusSince = clock.instant();
        }
    }

    private void await(Duration d, boolean wakeOnSignal) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (wakeUp) {
            while (running) {
                if (wakeOnSignal && signalled) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(wakeUp, left);
            }
            signalled = false;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
