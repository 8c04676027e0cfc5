package org.smartclinic.simulator.device.lab;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.simulator.device.lab.astm.AstmDelivery;
import org.smartclinic.simulator.device.lab.astm.AstmInstrument;
import org.smartclinic.simulator.device.lab.astm.AstmLineFaults;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * A laboratory analyzer twin of {@code docs/lab-analyzers.md}: one {@link LabModel}'s messages on the ASTM
 * instrument engine ({@link AstmInstrument}). {@link #measure} runs samples: the LP-100 first sends its host query
 * for each sample and waits for the answer (the standard's 15 s unless set), then its results, with the patient the
 * host named in P-3 and P-6; the other models send their results at once (CH-200: all samples in one message). The
 * US-10 writes its checksums in lower-case hex. Plugged as a pty (serial models) or by TCP (the CH-200, either way).
 */
public final class LabTwin implements AutoCloseable {

    private final LabModel model;
    private final AstmInstrument instrument;
    private final LabMessages messages;
    private final Lp100Messages lp100;
    private final boolean hostQuery;
    private final Random random;

    private LabTwin(Builder b, AstmInstrument instrument, LabMessages messages) {
        this.model = b.model;
        this.instrument = instrument;
        this.messages = messages;
        this.lp100 = messages instanceof Lp100Messages m ? m : null;
        this.hostQuery = lp100 != null && b.hostQuery;
        this.random = new Random(b.seed);
    }

    public static Builder builder(LabModel model, TwinPlug plug) {
        return new Builder(model, plug);
    }

    public LabModel model() {
        return model;
    }

    /** The line end: where it is plugged, counts, what the host sent, unplug and replug. */
    public AstmInstrument instrument() {
        return instrument;
    }

    /**
     * Runs these samples (gateway sample ids); completes when every message is delivered or given up.
     *
     * @throws IllegalArgumentException if an id is not ten digits with a Luhn check digit, or none is given
     */
    public CompletableFuture<LabReport> measure(String... sampleIds) {
        if (sampleIds.length == 0) {
            throw new IllegalArgumentException("no sample to measure");
        }
        for (String id : sampleIds) {
            if (!LabSpecimen.isSampleId(id)) {
                throw new IllegalArgumentException("not a sample id (ten digits, Luhn check digit): " + id);
            }
        }
        if (hostQuery) {
            return queryThenResults(List.of(sampleIds));
        }
        List<CompletableFuture<AstmDelivery>> sent = new ArrayList<>();
        for (List<String> message : generate(List.of(sampleIds).stream().map(LabSpecimen::of).toList())) {
            sent.add(instrument.send(message));
        }
        return all(sent).thenApply(results -> new LabReport(model, List.of(), List.of(), results));
    }

    /** LP-100: query, answer, results, one sample after the other, as the analyzer scans them. */
    private CompletableFuture<LabReport> queryThenResults(List<String> sampleIds) {
        List<AstmDelivery> queries = new ArrayList<>();
        List<HostPatient> patients = new ArrayList<>();
        List<AstmDelivery> results = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String id : sampleIds) {
            chain = chain.thenCompose(x -> instrument.ask(lp100.query(id, now()))).thenCompose(query -> {
                queries.add(query);
                Optional<HostPatient> patient = HostPatient.from(id, query.answer());
                patient.ifPresent(patients::add);
                LabSpecimen specimen = patient.map(p -> new LabSpecimen(id, p.patientId(), p.name()))
                        .orElse(LabSpecimen.of(id));
                return instrument.send(generate(List.of(specimen)).get(0));
            }).thenAccept(results::add);
        }
        return chain.thenApply(x -> new LabReport(model, queries, patients, results));
    }

    private synchronized List<List<String>> generate(List<LabSpecimen> specimens) {
        return messages.results(specimens, random, now());
    }

    private static LocalDateTime now() {
        return LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static CompletableFuture<List<AstmDelivery>> all(List<CompletableFuture<AstmDelivery>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(x -> futures.stream().map(CompletableFuture::join).toList());
    }

    /** Switches the analyzer off: unplugs and ends its thread. */
    @Override
    public void close() {
        instrument.close();
    }

    /** Settings of an analyzer twin; {@link #start()} plugs it in. */
    public static final class Builder {
        private final LabModel model;
        private final AstmInstrument.Builder line;
        private String firmware;
        private String serial;
        private Lp100Messages.Cartridge cartridge = Lp100Messages.Cartridge.A1C;
        private boolean hostQuery = true;
        private boolean scattergramAlarm = true;
        private long seed = System.nanoTime();

        private Builder(LabModel model, TwinPlug plug) {
            this.model = Objects.requireNonNull(model, "model");
            this.line = AstmInstrument.builder(plug).model(model.id()).lowerCaseChecksum(model == LabModel.US10);
            this.firmware = model.defaultFirmware();
            this.serial = model.defaultSerial();
        }

        /** H-5 component 2; default per model. */
        public Builder firmware(String value) {
            firmware = checkedComponent(value, "firmware");
            return this;
        }

        /** H-5 component 3; default per model. */
        public Builder serial(String value) {
            serial = checkedComponent(value, "serial");
            return this;
        }

        /** LP-100 only: {@code a1c} (default), {@code lipid}, {@code crp} or {@code acr}. */
        public Builder cartridge(String id) {
            if (model != LabModel.LP100) {
                throw new IllegalArgumentException("only the LP-100 takes cartridges");
            }
            cartridge = Lp100Messages.Cartridge.byId(id).orElseThrow(() -> new IllegalArgumentException(
                    "unknown cartridge '" + id + "': use a1c, lipid, crp or acr"));
            return this;
        }

        /** LP-100 only: send the host query before the results; default on. */
        public Builder hostQuery(boolean value) {
            hostQuery = value;
            return this;
        }

        /** HX-3 only: flag WBC with the scattergram alarm and its remark; default on. */
        public Builder scattergramAlarm(boolean value) {
            scattergramAlarm = value;
            return this;
        }

        /** Seed of the values and the line faults' garbage; default random. */
        public Builder seed(long value) {
            seed = value;
            line.seed(value);
            return this;
        }

        /** Link timers; default the standard's (tests make them shorter). */
        public Builder timers(AstmTimers value) {
            line.timers(value);
            return this;
        }

        /** How long the LP-100 waits for the answer to its query; default the reply timer (15 s). */
        public Builder answerTimeout(Duration value) {
            line.answerTimeout(value);
            return this;
        }

        public Builder messageAttempts(int value) {
            line.messageAttempts(value);
            return this;
        }

        public Builder faults(AstmLineFaults value) {
            line.faults(value);
            return this;
        }

        public Builder listener(AstmInstrument.Listener value) {
            line.listener(value);
            return this;
        }

        public LabTwin start() throws IOException {
            LabMessages messages = switch (model) {
                case LP100 -> new Lp100Messages(firmware, serial, cartridge);
                case HX3 -> new Hx3Messages(firmware, serial, scattergramAlarm);
                case CH200 -> new Ch200Messages(firmware, serial);
                case US10 -> new Us10Messages(firmware, serial);
            };
            return new LabTwin(this, line.start(), messages);
        }

        private static String checkedComponent(String value, String name) {
            if (value == null || value.isEmpty() || !value.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(name + " must be letters, digits, '.', '_' or '-': " + value);
            }
            return value;
        }
    }
}
