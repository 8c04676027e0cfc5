package org.smartclinic.simulator.device.spiro;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format;
import org.smartclinic.simulator.twin.Checks;
import org.smartclinic.simulator.twin.ProducerThread;

/**
 * Twin of the SP-80 spirometer's PC software: after each test it writes one export file, {@code SP80_<test id>.csv},
 * into the export folder the gateway watches, using {@link Sp80Format}'s own writer (one definition of the format
 * for driver and twin). Values are plausible adult results (FEV1 below FVC, FEV1/FVC written from the two),
 * reproducible from the seed. Test ids are {@code T<start time yyyyMMdd-HHmmss>-<number>}: unique per twin, and
 * across twins that start in different seconds, as the SP-80 never reuses one.
 *
 * <p>Knobs: the pause between exports and how many; a patient and sample id written into every export (or given
 * per export to {@link #exportNow(String, String)}); slow writes (the file is written under its final name in
 * {@value #SLOW_CHUNKS} chunks over about {@link #SLOW_WRITE}, as a PC writing to a share does, so the reader must
 * wait until it is complete); every n-th export malformed (cut short before its END line, like an export that
 * crashed); the serial number; line ends and decimal separator.
 *
 * <p>{@link #start()} runs one daemon thread, {@code sp80-twin-<folder name>} (a {@link ProducerThread}), that
 * exports at once and then every interval; {@link #exportNow()} exports on the caller's thread, started or not.
 * {@link #close()} stops the thread promptly (a slow write in progress finishes without its pauses) and is idempotent.
 */
public final class Sp80Twin implements AutoCloseable {

    /** How long a slow write takes, about. */
    public static final Duration SLOW_WRITE = Duration.ofSeconds(1);
    /** Chunks of a slow write. */
    public static final int SLOW_CHUNKS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Sp80Twin.class);
    private static final String FIRMWARE = "3.2.1";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss");

    /**
     * One export the twin wrote.
     *
     * @param number    1 for the twin's first export
     * @param file      where it was written
     * @param export    what it holds (for a malformed export: what it would have held)
     * @param malformed true if it was cut short before its END line on purpose
     */
    public record Exported(int number, Path file, Sp80Format.Export export, boolean malformed) {
        public String testId() {
            return export.testId();
        }
    }

    private final Sp80TwinSettings settings;
    private final SpiroValues values;
    private final String idPrefix;
    private final AtomicInteger numbers = new AtomicInteger();
    private final List<Exported> exported = new CopyOnWriteArrayList<>();
    private final ProducerThread producer;
    private int made;

    private Sp80Twin(Sp80TwinSettings settings) {
        this.settings = settings;
        this.values = new SpiroValues(new Random(settings.seed() != null ? settings.seed() : System.nanoTime()));
        this.idPrefix = "T" + ID_TIME.format(OffsetDateTime.now(settings.deviceZone())) + "-";
        Path name = settings.inbox().getFileName();
        this.producer = new ProducerThread("sp80-twin-" + (name == null ? settings.inbox() : name),
                settings.interval(), this::exportOnThread);
    }

    /** Settings for a twin writing into {@code inbox}, the folder the gateway watches. */
    public static Builder builder(Path inbox) {
        return new Builder(inbox);
    }

    /**
     * Starts exporting on the twin's thread: one export at once, then one every interval, until the count.
     *
     * @throws IllegalStateException if started before, or closed
     */
    public Sp80Twin start() {
        producer.start();
        return this;
    }

    /** Exports one test now, with the twin's patient and sample id; returns what it wrote. */
    public Exported exportNow() throws IOException {
        return exportNow(settings.patientId(), settings.sampleId());
    }

    /** Exports one test now with these ids (null: no such line); returns what it wrote. */
    public Exported exportNow(String patientId, String sampleId) throws IOException {
        int number = numbers.incrementAndGet();
        String testId = idPrefix + String.format("%04d", number);
        Sp80Format.Export export = new Sp80Format.Export(Sp80Format.MODEL, settings.serial(), settings.firmware(),
                testId, OffsetDateTime.now(settings.deviceZone()).truncatedTo(ChronoUnit.SECONDS), patientId, sampleId,
                nextValues());
        boolean malformed = settings.malformed(number);
        List<String> lines = Sp80Format.lines(export, settings.style());
        byte[] bytes = Sp80Format.encode(malformed ? lines.subList(0, lines.size() - 1) : lines, settings.style());
        Path file = settings.inbox().resolve("SP80_" + testId + ".csv");
        write(file, bytes);
        Exported done = new Exported(number, file, export, malformed);
        exported.add(done);
        LOG.debug("SP-80 twin wrote {}{}", file.getFileName(), malformed ? " (malformed)" : "");
        try {
            settings.listener().accept(done);
        } catch (RuntimeException e) {
            LOG.warn("SP-80 twin listener failed; ignored", e);
        }
        return done;
    }

    /** Everything exported so far, oldest first. */
    public List<Exported> exported() {
        return List.copyOf(exported);
    }

    /** The folder the twin writes into. */
    public Path inbox() {
        return settings.inbox();
    }

    /** Stops the thread, waiting for an export in progress; idempotent. */
    @Override
    public void close() {
        producer.close();
    }

    private synchronized List<Sp80Format.ResultLine> nextValues() {
        return values.next();
    }

    /** One export of the twin's thread; false once the count is made. */
    private boolean exportOnThread() {
        try {
            exportNow();
        } catch (IOException | RuntimeException e) {
            LOG.warn("SP-80 twin could not write into {}: {}", settings.inbox(), e.toString());
        }
        made++;
        return settings.count() == 0 || made < settings.count();
    }

    /** Writes under the final name, never over an existing file; slowly in chunks when asked. */
    private void write(Path file, byte[] bytes) throws IOException {
        if (settings.slowWrite()) {
            ExportWriter.write(file, bytes, SLOW_CHUNKS, SLOW_WRITE, producer::pause);
        } else {
            ExportWriter.write(file, bytes, 1, Duration.ZERO, d -> { });
        }
    }

    /** Settings of a twin; defaults as documented per method. */
    public static final class Builder {
        private final Path inbox;
        private Duration interval = Duration.ofSeconds(30);
        private int count;
        private Long seed;
        private String patientId;
        private String sampleId;
        private boolean slowWrite;
        private int badEvery;
        private String serial = "SP80-004512";
        private Sp80Format.Style style = Sp80Format.Style.WINDOWS;
        private ZoneId deviceZone = ZoneId.systemDefault();
        private Consumer<Exported> listener = e -> { };

        private Builder(Path inbox) {
            this.inbox = Objects.requireNonNull(inbox, "inbox").toAbsolutePath();
        }

        /** Pause between exports of the twin's thread; default 30 s. */
        public Builder interval(Duration value) {
            interval = Checks.notNegative(value, "interval");
            return this;
        }

        /** Exports the thread makes; 0 (default) = until closed. */
        public Builder count(int value) {
            count = Checks.atLeast(value, 0, "count");
            return this;
        }

        /** Seed of the generated values; default random. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Patient id written into every export; default none (no PATIENT line). */
        public Builder patientId(String value) {
            patientId = value;
            return this;
        }

        /** Sample id written into every export; default none (no SAMPLE line). */
        public Builder sampleId(String value) {
            sampleId = value;
            return this;
        }

        /** Write each file in chunks over about {@link #SLOW_WRITE}; default off. */
        public Builder slowWrite(boolean value) {
            slowWrite = value;
            return this;
        }

        /** Every n-th export is malformed (no END line); 0 (default) = never. */
        public Builder badEvery(int n) {
            badEvery = Checks.atLeast(n, 0, "badEvery");
            return this;
        }

        /** Serial number in the DEVICE line; default SP80-004512. */
        public Builder serial(String value) {
            serial = Objects.requireNonNull(value, "serial");
            return this;
        }

        /** Line ends and decimal separator; default {@link Sp80Format.Style#WINDOWS}. */
        public Builder style(Sp80Format.Style value) {
            style = Objects.requireNonNull(value, "style");
            return this;
        }

        /** Zone of the PC's clock, whose offset the TEST line carries; default the system zone. */
        public Builder deviceZone(ZoneId value) {
            deviceZone = Objects.requireNonNull(value, "deviceZone");
            return this;
        }

        /** Told of every export, on the exporting thread; must be quick. */
        public Builder listener(Consumer<Exported> value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** A twin with these settings, not started. */
        public Sp80Twin build() {
            return new Sp80Twin(new Sp80TwinSettings(inbox, interval, count, seed, patientId, sampleId, slowWrite,
                    badEvery, serial, FIRMWARE, style, deviceZone, listener));
        }

        /** A twin with these settings, started. */
        public Sp80Twin start() {
            return build().start();
        }
    }
}
