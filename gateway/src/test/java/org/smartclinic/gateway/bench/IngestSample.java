package org.smartclinic.gateway.bench;

import java.util.List;
import java.util.Locale;

/**
 * The gateway's counters at one moment of {@link IngestBenchmark}, with the CPU time used so far by it, the broker
 * and the benchmark's JVM, the journal file's size in pages, and the flushes of its log.
 */
record IngestSample(long nanos, double readings, double acks, double commits, long cpuNanos, long jitNanos,
        long brokerCpuNanos, long loadCpuNanos, double writerWork, double writerCommit, double writerWait,
        double writerCpu, double checkpointCpu, double journalPages, double flushes, double flushSeconds,
        double judgedAhead) {

    static final IngestSample ZERO = new IngestSample(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Readings journaled and acknowledged. */
    double durable() {
        return Math.min(readings, acks);
    }

    /** Readings that became durable from {@code from} to this sample (counted from the larger of its two). */
    double durableSince(IngestSample from) {
        return durable() - Math.max(from.readings(), from.acks());
    }

    /** The first sample with at least {@code readings} journaled, or the last one. */
    static IngestSample first(List<IngestSample> samples, double readings) {
        return samples.stream().filter(s -> s.readings() >= readings).findFirst().orElse(samples.getLast());
    }

    /**
     * One line per interval between two samples in which readings were journaled: when (seconds since the first
     * sample), how many, and the CPU per reading of the journal's writer, of the JIT compilers and of the checkpoint
     * thread in it. Shows whether a figure of the report drifts within a run (the compilers busy early, a slow
     * stretch of the checkpoint) or holds throughout.
     */
    static String timeline(List<IngestSample> samples) {
        StringBuilder out = new StringBuilder("| s | readings | CPU per reading, us: writer / JIT / checkpoint |\n"
                + "|---|---|---|\n");
        for (int i = 1; i < samples.size(); i++) {
            IngestSample a = samples.get(i - 1);
            IngestSample b = samples.get(i);
            double n = b.readings() - a.readings();
            if (n > 0) {
                out.append(String.format(Locale.ROOT, "| %.2f | %.0f | %.2f / %.2f / %.2f |%n",
                        (b.nanos() - samples.getFirst().nanos()) / 1e9, n, (b.writerCpu() - a.writerCpu()) * 1e6 / n,
                        (b.jitNanos() - a.jitNanos()) / 1e3 / n, (b.checkpointCpu() - a.checkpointCpu()) * 1e6 / n));
            }
        }
        return out.toString();
    }

    /** The durable rate while the devices still published, from the 10 % mark, and over how long. */
    record Steady(double perSecond, double seconds) {
        static Steady of(List<IngestSample> samples, long publishedAt, long total) {
            IngestSample from = first(samples, total * 0.1);
            IngestSample lastWhilePublishing = samples.stream().filter(s -> s.nanos() <= publishedAt)
                    .reduce((a, b) -> b).orElse(from);
            double seconds = (lastWhilePublishing.nanos() - from.nanos()) / 1e9;
            return new Steady(seconds <= 0 ? 0 : lastWhilePublishing.durableSince(from) / seconds, seconds);
        }
    }
}
