package org.smartclinic.drivers.codec.astm.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;

/**
 * Random and mutated messages (delimiter swaps, truncations, random characters, duplicated and deleted ranges,
 * huge fields, broken headers, line feeds, lower case) under strict, lenient and tight-limit options. For every
 * input: no exception and no internal error, a result consistent with its problems, output within the limits;
 * for every fourth accepted message, typed accessors safe and the message written and read back equal (unless
 * values were trimmed: a trimmed {@code &X20&} comes back as a space, which trimming would remove). Time is
 * bounded in total (CPU) and per input (wall). {@code -Dastm.fuzz.count=1000000} runs more;
 * {@code -Dastm.fuzz.seed=...} replays a run.
 */
class AstmFuzzTest {

    private static final int COUNT = Integer.getInteger("astm.fuzz.count", 100_000);
    private static final long SEED = Long.getLong("astm.fuzz.seed", 20240611L);
    /**
     * CPU time of this thread per input, on average: about four times what a run takes, so a loaded machine passes
     * while a parse that is not linear in its input blows through it. CPU time, not wall time, for the same reason.
     */
    private static final long BUDGET_CPU_NANOS_PER_INPUT = 200_000;
    /** CPU for warming up (class loading, the JIT), which dominates short runs. */
    private static final long BUDGET_CPU_NANOS_WARM_UP = 3_000_000_000L;
    private static final long MAX_NANOS_ONE_INPUT = 2_000_000_000L;

    private static final String NOISE = "|\\^&!@#$HPORCMSQLhporcmsqlFSREXN0129aZ \r\n\t\u0000\u007f\u00e9\u20ac";
    private static final List<AstmParseOptions> OPTIONS = List.of(
            AstmParseOptions.STRICT,
            AstmParseOptions.lenient(),
            AstmParseOptions.lenient().withHexCharset(StandardCharsets.UTF_8).withTestCodeComponent(1),
            AstmParseOptions.STRICT.withJoinSplitRecords(true).withLimits(new AstmLimits(20, 12, 4, 6, 40, 8)));

    @Test
    void parse_randomAndMutatedInputs_neverThrowBoundedAndConsistent() {
        Random random = new Random(SEED);
        List<String> seeds = seeds();
        List<AstmMessageParser> parsers = OPTIONS.stream().map(AstmMessageParser::new).toList();
        int[] accepted = new int[1];
        long slowest = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();

        for (int i = 0; i < COUNT; i++) {
            String input = input(random, seeds);
            AstmMessageParser parser = parsers.get(i % parsers.size());
            long before = System.nanoTime();
            try {
                AstmParseResult result = parser.parse(input);
                slowest = Math.max(slowest, System.nanoTime() - before);
                check(parser, result, accepted);
            } catch (RuntimeException | AssertionError e) {
                byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
                fail("input %d (seed %d, options %d) %s: %s", i, SEED, i % parsers.size(),
                        Printable.of(bytes, 0, bytes.length, 400), e);
            }
        }

        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        assertThat(slowest).as("slowest single input, wall ns").isLessThan(MAX_NANOS_ONE_INPUT);
        assertThat(cpu).as("CPU for %d inputs, ns", COUNT)
                .isLessThan(BUDGET_CPU_NANOS_WARM_UP + BUDGET_CPU_NANOS_PER_INPUT * COUNT);
        assertThat(accepted[0]).as("accepted inputs: the mutations must not all be fatal").isGreaterThan(COUNT / 10);
        assertThat(COUNT - accepted[0]).as("refused inputs").isGreaterThan(COUNT / 10);
    }

    private static void check(AstmMessageParser parser, AstmParseResult result, int[] accepted) {
        AstmParseOptions options = parser.options();
        assertThat(result.problems()).hasSizeLessThanOrEqualTo(options.limits().maxProblems() + 1)
                .noneMatch(p -> p.code() == AstmProblem.Code.INTERNAL_ERROR);
        if (result instanceof AstmParseResult.Accepted a) {
            accepted[0]++;
            assertThat(a.problems()).noneMatch(AstmProblem::fatal);
            AstmMessage message = a.message();
            assertThat(countWithinLimits(message, options.limits())).isLessThanOrEqualTo(options.limits().maxRecords());
            // Accessors and round trips on a sample: they cost as much as the parse itself.
            if (accepted[0] % 4 != 0) {
                return;
            }
            touchAccessors(message);
            if (!options.trimValues() && message.unexpected().isEmpty() && message.delimiters().isEscapeSafe()) {
                // Default limits: escaping lengthens values as sent, which tight limits count.
                AstmParseResult again = new AstmMessageParser(options.withLimits(AstmLimits.DEFAULT))
                        .parse(AstmMessageWriter.write(message));
                assertThat(again.accepted()).as("written and read back").contains(message);
            }
        } else {
            assertThat(result.problems()).anyMatch(AstmProblem::fatal);
        }
    }

    /** Counts the message's records, checking each against the limits on the way. */
    private static int countWithinLimits(AstmMessage message, AstmLimits limits) {
        List<AstmRecord> all = new ArrayList<>();
        all.add(message.header().record());
        message.comments().forEach(c -> all.add(c.record()));
        all.addAll(message.extras());
        for (AstmPatient p : message.patients()) {
            all.add(p.record());
            p.comments().forEach(c -> all.add(c.record()));
            all.addAll(p.extras());
            for (AstmOrder o : p.orders()) {
                all.add(o.record());
                o.comments().forEach(c -> all.add(c.record()));
                all.addAll(o.extras());
                for (AstmResult r : o.results()) {
                    all.add(r.record());
                    r.comments().forEach(c -> all.add(c.record()));
                    all.addAll(r.extras());
                }
            }
        }
        for (AstmQuery q : message.queries()) {
            all.add(q.record());
            q.comments().forEach(c -> all.add(c.record()));
            all.addAll(q.extras());
        }
        message.terminator().ifPresent(l -> all.add(l.record()));
        all.addAll(message.unexpected());
        for (AstmRecord record : all) {
            // Plain loops, asserting only a violation: this runs for every value of every accepted input.
            if (record.fieldCount() > limits.maxFields()) {
                fail("record of %d fields", record.fieldCount());
            }
            for (AstmField field : record.fields()) {
                if (field.repeats().size() > limits.maxRepeats()) {
                    fail("field of %d repeats", field.repeats().size());
                }
                for (List<String> repeat : field.repeats()) {
                    if (repeat.size() > limits.maxComponents()) {
                        fail("repeat of %d components", repeat.size());
                    }
                    for (String value : repeat) {
                        if (value.length() > limits.maxValueLength()) {
                            fail("value of %d characters", value.length());
                        }
                    }
                }
            }
        }
        return all.size();
    }

    private static void touchAccessors(AstmMessage message) {
        message.header().messageTime();
        message.header().senderSerial();
        for (AstmPatient p : message.patients()) {
            p.birthdate();
            p.sequence();
            for (AstmOrder o : p.orders()) {
                o.testIds();
                o.collectionTime();
                o.reportType();
                for (AstmResult r : o.results()) {
                    r.testCode();
                    r.referenceRange();
                    r.abnormalFlags();
                    r.status();
                    r.completedTime();
                }
            }
        }
        message.queries().forEach(q -> {
            q.specimenIds();
            q.testIds();
        });
        message.terminator().ifPresent(AstmTerminator::terminationCode);
    }

    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>();
        for (String name : List.of("hba1c.astm", "cbc.astm", "chemistry.astm", "urine.astm", "query.astm")) {
            seeds.add(AstmTestMessages.load(name));
        }
        // Random models with custom delimiters and every escape, the shorter ones: time goes with input length.
        for (int seed = 0; seeds.size() < 12; seed++) {
            String text = AstmMessageWriter.write(new AstmRandomMessages(seed).message());
            if (text.length() < 800) {
                seeds.add(text);
            }
        }
        return seeds;
    }

    private static String input(Random random, List<String> seeds) {
        if (random.nextInt(10) == 0) {
            return (random.nextBoolean() ? "H|\\^&|" : "") + noise(random, random.nextInt(300));
        }
        String text = seeds.get(random.nextInt(seeds.size()));
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
            text = mutate(random, text);
        }
        return text;
    }

    private static String mutate(Random random, String text) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        StringBuilder s = new StringBuilder(text);
        switch (random.nextInt(10)) {
            case 0 -> {
                char from = "|\\^&\r".charAt(random.nextInt(5));
                char to = "|\\^&\r\n".charAt(random.nextInt(6));
                int index = text.indexOf(from, at);
                if (index >= 0) {
                    s.setCharAt(index, to);
                }
            }
            case 1 -> s.setLength(at);
            case 2 -> s.insert(at, noise(random, 1 + random.nextInt(6)));
            case 3 -> s.delete(at, Math.min(text.length(), at + 1 + random.nextInt(40)));
            case 4 -> s.insert(at, text, at, Math.min(text.length(), at + random.nextInt(200)));
            case 5 -> s.insert(at, huge(random));
            case 6 -> {
                if (s.length() > 5) {
                    s.setCharAt(1 + random.nextInt(4), NOISE.charAt(random.nextInt(NOISE.length())));
                }
            }
            case 7 -> {
                return text.replace("\r", random.nextBoolean() ? "\r\n" : "\n");
            }
            case 8 -> {
                int line = text.indexOf('\r', at);
                if (line >= 0 && line + 1 < s.length()) {
                    s.setCharAt(line + 1, Character.toLowerCase(s.charAt(line + 1)));
                }
            }
            default -> {
                if (!text.isEmpty()) {
                    s.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
                }
            }
        }
        return s.toString();
    }

    /**
     * Runs of delimiters past the field, repeat and component limits, long hex escapes, and one time in a hundred a
     * value past 64 KiB (rare only because scanning it is most of a run's time).
     */
    private static String huge(Random random) {
        int kind = random.nextInt(100);
        if (kind == 0) {
            return "x".repeat(65_537 + random.nextInt(100));
        }
        return switch (kind % 4) {
            case 0 -> "|".repeat(90 + random.nextInt(30));
            case 1 -> "\\".repeat(990 + random.nextInt(30));
            case 2 -> "^".repeat(990 + random.nextInt(30));
            default -> "&X" + "41".repeat(500 + random.nextInt(500)) + "&";
        };
    }

    private static String noise(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x250)
                    : NOISE.charAt(random.nextInt(NOISE.length())));
        }
        return out.toString();
    }
}
