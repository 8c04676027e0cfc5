package org.smartclinic.gateway.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.smartclinic.drivers.Reading;
import org.smartclinic.gateway.binding.Binder;
import org.smartclinic.gateway.binding.BindingPolicy;
import org.smartclinic.gateway.binding.DeviceClock;

/**
 * A device's readings judged (clock and binding) on the device's own thread before they reach the journal's
 * writer, from what the writer knew when it stored the device's last readings ({@link Known}): the writer thread is
 * the one every device waits for, and judging was a tenth of its work per reading (docs/journal.md). The writer
 * takes such a result only when it is certain to be the one it would compute itself: nothing but appends ran since
 * ({@link JournalWriter#factsGeneration} unchanged, so the exams, placements and samples are the same), and the
 * device's clock is the very object the result was judged from (no other append of the device came between, and no
 * earlier reading of the batch was a duplicate, which leaves the clock as it was). Otherwise it judges the reading
 * itself, as it always did. Binding is thus exactly what the writer alone would decide.
 */
final class BindingAhead {

    private BindingAhead() {
    }

    /**
     * What the writer knew of a device after storing its readings: the facts generation then, the device's clock
     * (the object the writer keeps, see {@link FactsCache#clock}) and its facts. Immutable, handed between threads.
     */
    record Known(long generation, DeviceClock clock, DeviceFacts facts) {
    }

    /** One reading judged ahead: from which clock, in which generation, with what result. */
    record Judged(long generation, DeviceClock before, DeviceClock.Judgement judgement, Binder.Decision decision) {

        /**
         * Whether the writer may take it: the same generation, and its clock for the device is {@link #before}. (The
         * writer keeps clocks only within a generation, so the second implies the first; both are checked.)
         */
        boolean holdsFor(long writerGeneration, DeviceClock writerClock) {
            return generation == writerGeneration && before == writerClock;
        }
    }

    /**
     * Judges the readings of {@code inputs} (one device's, in order) as the writer would, each from the clock the one
     * before left, while the facts answer, from what the writer last knew of the device ({@link FactsCache#known});
     * null when it knows nothing of it yet. The list holds one result per reading, in order, and ends early at the
     * first reading the facts cannot answer for (a sample id, a patient id entered at the device, a time outside the
     * exams read): the writer judges those and all after them itself.
     */
    static List<Judged> judge(FactsCache writer, List<Journal.Input> inputs, List<List<ReadingAppend.Encoded>> encoded,
            Binder binder, BindingPolicy policy) {
        Known known = inputs.isEmpty() || inputs.getFirst().readings().isEmpty() ? null
                : writer.known(inputs.getFirst().readings().getFirst().deviceId());
        if (known == null) {
            return null;
        }
        List<Judged> out = new ArrayList<>();
        DeviceClock clock = known.clock();
        for (int i = 0; i < inputs.size(); i++) {
            List<Reading> readings = inputs.get(i).readings();
            for (int j = 0; j < readings.size(); j++) {
                Reading r = readings.get(j);
                if (!r.deviceId().equals(known.facts().deviceId())) {
                    return out;
                }
                ReadingAppend.Encoded text = encoded.get(i).get(j);
                DeviceClock.Judgement judged;
                Binder.Decision d;
                try {
                    judged = clock.judge(r.deviceTime(), r.receivedAt(), policy.clock());
                    d = binder.decide(r, judged.timing(), known.facts(), t -> text.format(r, t));
                } catch (RuntimeException unknownOrOdd) {
                    // a question the facts cannot answer (DeviceFacts.Unknown), or a reading the writer will refuse
                    return out;
                }
                out.add(new Judged(known.generation(), clock, judged, d));
                clock = judged.after();
            }
        }
        return out;
    }

    /**
     * The binding facts of one device as the writer had read them: its placements, and the exams of stations over
     * the windows read. Answers only what they hold; anything else throws {@link Unknown}.
     */
    record DeviceFacts(String deviceId, List<JournalFacts.Placed> placements, Map<String, BatchFacts.Window> exams,
            Predicate<String> confirmFirst) implements Binder.Facts {

        /** A question these facts cannot answer: the reading is left to the writer. */
        static final class Unknown extends RuntimeException {
            private static final Unknown INSTANCE = new Unknown();

            private Unknown() {
                super("not known ahead of the writer", null, false, false);
            }
        }

        @Override
        public List<String> stationsOf(String device, Instant from, Instant to) {
            if (!device.equals(deviceId)) {
                throw Unknown.INSTANCE;
            }
            return JournalFacts.stationsOf(placements, from, to);
        }

        @Override
        public List<Binder.ExamSpan> examsAt(String station, Instant from, Instant to) {
            BatchFacts.Window w = exams.get(station);
            long fromMs = from.toEpochMilli();
            long toMs = to.toEpochMilli();
            if (w == null || !w.holds(fromMs, toMs)) {
                throw Unknown.INSTANCE;
            }
            return w.touching(fromMs, toMs);
        }

        @Override
        public Optional<Binder.ExamSpan> examOfSample(String sampleId) {
            throw Unknown.INSTANCE;
        }

        @Override
        public Set<String> patientIdentifiers(String examId) {
            throw Unknown.INSTANCE;
        }

        @Override
        public boolean confirmFirst(String station) {
            return confirmFirst.test(station);
        }
    }
}
