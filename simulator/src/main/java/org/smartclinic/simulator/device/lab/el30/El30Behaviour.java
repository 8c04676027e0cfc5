package org.smartclinic.simulator.device.lab.el30;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.smartclinic.drivers.instrument.lab.el30.El30Protocol;
import org.smartclinic.simulator.twin.Faults;
import org.smartclinic.simulator.twin.StopAndWait;
import org.smartclinic.simulator.twin.TwinBehaviour;
import org.smartclinic.simulator.twin.TwinContext;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinPort;

/**
 * What an EL-30 does while connected: a report when one is due, each in {@link StopAndWait} (NAK or no answer within
 * the ack timeout: the same report again, at most 3 times). All waiting is a timed read. The report awaiting its
 * answer survives a hang-up and is sent again on the next connection.
 *
 * <p>The analyzer's clock never prints the same second twice: a report's date line is the current time, or one
 * second after the previous report's if the clock has not moved on (a real run takes a minute per sample), so
 * every report has its own key at the gateway.
 */
final class El30Behaviour implements TwinBehaviour, StopAndWait.Observer {

    /** What {@link El30Twin.Stats} reports. */
    enum Count { REPORTS_SENT, ACKED, NAKKED, TIMEOUTS, RETRANSMISSIONS, GIVEN_UP, FRAMES_WRITTEN }

    /** As the protocol says: three re-sends, then the report is given up (kept in the analyzer's memory). */
    static final int MAX_RETRIES = 3;
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

    private final El30TwinSettings settings;
    private final Faults faults;
    private final StopAndWait stopAndWait;
    private final Random random;
    private final Consumer<El30Twin.Settled> onSettled;
    private final TwinCounters<Count> counters = new TwinCounters<>(Count.class);
    private final List<El30Twin.SentReport> sent = new CopyOnWriteArrayList<>();
    private final byte[] idle = new byte[64];
    private int number;
    private Pending pending;
    private boolean started;
    private long nextReportAt;
    private LocalDateTime lastTime;

    private record Pending(StopAndWait.Frame frame, El30Twin.SentReport report) {
    }

    El30Behaviour(El30TwinSettings settings, Consumer<El30Twin.Settled> onSettled) {
        this.settings = settings;
        this.faults = new Faults(settings.faults());
        this.stopAndWait = new StopAndWait(new byte[] {El30Protocol.ACK}, new byte[] {El30Protocol.NAK},
                settings.ackTimeout(), settings.maxRetries(), this);
        this.random = new Random(settings.seed());
        this.onSettled = onSettled;
    }

    @Override
    public void run(TwinPort port, TwinContext context) throws IOException {
        if (!started) {
            started = true;
            nextReportAt = System.nanoTime();
        }
        while (!context.isClosing()) {
            if (pending == null && moreReports() && System.nanoTime() - nextReportAt >= 0) {
                pending = report();
            }
            if (pending == null) {
                long wait = Math.min(IDLE_CHECK.toNanos(), Math.max(0, nextReportAt - System.nanoTime()));
                if (port.read(idle, Duration.ofNanos(wait)) < 0) {
                    return;
                }
                continue;
            }
            StopAndWait.Result result = stopAndWait.send(port, pending.frame());
            if (result == StopAndWait.Result.DISCONNECTED) {
                return;
            }
            settle(result == StopAndWait.Result.ACKED, port, context);
        }
    }

    TwinCounters<Count> counters() {
        return counters;
    }

    Faults faults() {
        return faults;
    }

    List<El30Twin.SentReport> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void written(StopAndWait.Frame frame) {
        counters.increment(Count.FRAMES_WRITTEN);
        if (frame.transmissions() > 1) {
            counters.increment(Count.RETRANSMISSIONS);
        }
    }

    @Override
    public void nakked(StopAndWait.Frame frame) {
        counters.increment(Count.NAKKED);
    }

    @Override
    public void timedOut(StopAndWait.Frame frame) {
        counters.increment(Count.TIMEOUTS);
    }

    private Pending report() {
        number++;
        El30Twin.Sample sample = nextSample();
        LocalDateTime time = deviceNow();
        List<String> lines = El30Reports.lines(settings.serial(), time, sample);
        byte[] good = El30Protocol.report(lines);
        // A flipped byte lands in the result lines, so the report stays one report with a wrong checksum.
        int results = 1 + lines.stream().limit(lines.size() - sample.results().size()).mapToInt(l -> l.length() + 2)
                .sum();
        byte[] first = faults.firstTransmission(number, good, results, good.length - 5);
        El30Twin.SentReport report = new El30Twin.SentReport(number, time, sample, lines);
        sent.add(report);
        counters.increment(Count.REPORTS_SENT);
        return new Pending(new StopAndWait.Frame(first, good), report);
    }

    private El30Twin.Sample nextSample() {
        if (number <= settings.script().size()) {
            return settings.script().get(number - 1);
        }
        List<String> ids = settings.sampleIds();
        String sampleId = ids.isEmpty() ? null : ids.get((number - 1) % ids.size());
        List<BigDecimal> v = settings.values();
        List<El30Twin.Result> results = v == null ? El30Reports.generated(random)
                : El30Reports.electrolytes(v.get(0), v.get(1), v.get(2));
        return new El30Twin.Sample(sampleId, null, results);
    }

    private void settle(boolean acked, TwinPort port, TwinContext context) throws IOException {
        Pending done = pending;
        pending = null;
        counters.increment(acked ? Count.ACKED : Count.GIVEN_UP);
        nextReportAt = System.nanoTime() + settings.interval().toNanos();
        StopAndWait.Frame frame = done.frame();
        onSettled.accept(new El30Twin.Settled(done.report(), acked, frame.naks(), frame.timeouts()));
        if (acked) {
            faults.afterFrame(done.report().number(), port, context);
        }
    }

    private boolean moreReports() {
        return settings.count() == 0 || number < settings.count();
    }

    private LocalDateTime deviceNow() {
        LocalDateTime now = LocalDateTime.now(settings.deviceZone()).truncatedTo(ChronoUnit.SECONDS);
        lastTime = lastTime == null || now.isAfter(lastTime) ? now : lastTime.plusSeconds(1);
        return lastTime;
    }
}
