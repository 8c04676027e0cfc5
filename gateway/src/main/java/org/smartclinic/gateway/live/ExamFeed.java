package org.smartclinic.gateway.live;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.exam.ExamView;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.journal.Outbox;
import org.smartclinic.gateway.journal.OutboxLedger;
import org.smartclinic.gateway.journal.StoredReading;

/**
 * Turns what happens in the journal into exam and station events on the live bus: a reading stored or changed
 * (confirmed, rejected, re-assigned, sent to the EHR, refused) goes out under its exam's key as a tile shows it
 * ({@link LiveViews.ExamReading}), a change to a station's queue under the station's key, an exam's change under
 * the exam's key. It works on one thread of its own, fed by a bounded queue: ingest, corrections and the uplink
 * only hand it what changed and never wait; when the queue is full the event is lost for live viewers (counted)
 * and the journal still has it. A reading just stored is shown as the journal's writer stored it
 * ({@link Journal#onStored}), not read back: that read was 40 % of the gateway's CPU at full ingest. A change is
 * read from the journal, so a viewer sees its latest state.
 */
@ApplicationScoped
public class ExamFeed {

    private static final Logger LOG = Logger.getLogger(ExamFeed.class);
    private static final int QUEUE = 1000;

    @Inject
    LiveBus bus;

    @Inject
    Journal journal;

    @Inject
    ExamRecords exams;

    @Inject
    MeterRegistry meters;

    private final BlockingQueue<Runnable> work = new ArrayBlockingQueue<>(QUEUE);
    private Counter lost;
    private OutboxLedger ledger;
    private Thread worker;

    @PostConstruct
    void init() {
        ledger = new OutboxLedger(journal);
    }

    void start(@Observes StartupEvent event) {
        lost = Counter.builder("smartclinic.live.feed.lost").tag("reason", "behind")
                .description("Reading and exam changes not shown live because the live feed was behind").register(meters);
        worker = Thread.ofVirtual().name("live-exam-feed").start(this::run);
        journal.onStored(this::journaled);
    }

    @PreDestroy
    void stop() {
        journal.onStored(fresh -> {
        });
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** A reading's binding or delivery changed; {@code queueChanged} when it may have entered or left a queue. */
    public void readingChanged(long readingId, boolean queueChanged) {
        submit(() -> journal.reading(readingId).ifPresent(s -> publish(s, queueChanged)));
    }

    /** An outbox item was sent or refused: if it was a reading's, its exam's viewers see the new state. */
    public void delivered(Outbox.Item item) {
        delivered(List.of(item));
    }

    /**
     * Outbox items were sent or refused: their readings' exam viewers see the new state, the readings read in one
     * journal query rather than one each (a drained backlog delivers a hundred per round). Readings of an exam
     * nobody watches are not read at all ({@link LiveBus#watched}: a viewer who comes later loads the exam, one
     * who comes back is told to reload): a drained backlog is mostly of past exams, and this read was an eighth of
     * the gateway's CPU while draining. A delivered reading is bound, so its exam is all that would show it.
     */
    public void delivered(List<Outbox.Item> items) {
        List<Outbox.Item> readings = items.stream()
                .filter(i -> i.readingId() != null && i.kind() == Outbox.Kind.READING).toList();
        if (readings.isEmpty()) {
            return;
        }
        submit(() -> {
            Map<String, Boolean> watched = new HashMap<>();
            List<Outbox.Item> shown = readings.stream().filter(i -> i.examId() == null
                    || watched.computeIfAbsent(i.examId(), e -> bus.watched(LiveEvent.examKey(e)))).toList();
            if (!shown.isEmpty()) {
                ledger.readingsOf(shown).values().stream().sorted(Comparator.comparingLong(StoredReading::id))
                        .forEach(s -> publish(s, false));
            }
        });
    }

    /** An exam changed (e.g. closed). */
    public void examChanged(String examId) {
        submit(() -> exams.exam(examId).ifPresent(
                e -> bus.publish(LiveEvent.examKey(e.id()), LiveEvent.EXAM, ExamView.of(e))));
    }

    /**
     * Readings just stored, as the journal's writer stored them (its listener, {@link Journal#onStored}): shown
     * without reading them back. Queued behind the changes already waiting, and ahead of any change committed
     * after them, so a viewer never sees a reading's first state after a later one.
     */
    void journaled(List<StoredReading> fresh) {
        submit(() -> fresh.forEach(s -> publish(s, false)));
    }

    private void publish(StoredReading s, boolean queueChanged) {
        BindingState state = s.binding().state();
        if (s.exam() != null) {
            bus.publish(LiveEvent.examKey(s.exam().id()), LiveEvent.READING, LiveViews.ExamReading.of(s));
        }
        boolean waits = state == BindingState.HELD || state == BindingState.UNASSIGNED || state == BindingState.REVIEW;
        if ((queueChanged || waits) && s.station() != null && !s.station().isEmpty()) {
            bus.publish(LiveEvent.stationKey(s.station()), LiveEvent.QUEUE, s.id());
        }
    }

    private void submit(Runnable task) {
        if (!work.offer(task) && lost != null) {
            lost.increment();
        }
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                work.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("live feed: a journal change could not be shown live: %s", e.toString());
            }
        }
    }
}
