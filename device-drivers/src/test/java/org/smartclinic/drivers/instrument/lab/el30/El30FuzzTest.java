package org.smartclinic.drivers.instrument.lab.el30;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;
import org.smartclinic.drivers.testkit.ByteMutator;

/**
 * Random and mutated input for the EL-30 driver, fed in random chunks: nothing may throw, every
 * call must return promptly, the driver's buffer must stay within {@value El30Protocol#MAX_REPORT_LENGTH} bytes,
 * every outcome must be sound (NAK for a rejection except noise, ACK/NAK for an acceptance, one reading with a
 * bounded key), and after any of it a valid report must decode to exactly its reading. Two drivers live through
 * the whole run, strict and lenient, so state left over by one input meets the next.
 * <p>
 * Inputs: {@code -Del30.fuzz.count=N} (100,000 by default), seed {@code -Del30.fuzz.seed=S}.
 */
class El30FuzzTest {

    private static final int COUNT = Integer.getInteger("el30.fuzz.count", 100_000);
    private static final long SEED = Long.getLong("el30.fuzz.seed", 30L);
    private static final long PROMPT_NANOS = 1_000_000_000L;
    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private static final byte[] CONTROLS = {El30Protocol.STX, El30Protocol.ETX, El30Protocol.CR, El30Protocol.LF,
        El30Protocol.ACK, El30Protocol.NAK, ' ', '(', ')', '-', '.'};
    private static final String[] CODES = {"Na", "K", "Cl", "iCa", "pH", "Li", "TCO2"};
    private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 23, 10, 15, 0);
    private static final byte[] VALID = El30Protocol.report(List.of(El30Protocol.headerLine("FUZZ-1"),
            El30Protocol.dateLine(TIME), El30Protocol.sampleLine("1234567897"),
            El30Protocol.resultLine("Na", "140.0", "mmol/L", "136.0-145.0", "")));
    private static final String VALID_KEY = "20261123101500#1234567897#FUZZ-1";

    private final Random random = new Random(SEED);
    private final ByteMutator mutator = new ByteMutator(random, CONTROLS);
    private long slowest;

    @Test
    void randomAndMutatedInput_neverThrowsStaysBoundedAndAValidReportStillDecodes() {
        List<El30Driver> drivers = List.of(driver(false), driver(true));
        List<byte[]> pool = pool();
        long bytes = 0;
        int accepted = 0;

        for (int n = 0; n < COUNT; n++) {
            El30Driver fed = drivers.get(n % drivers.size());
            byte[] input = random.nextInt(5) == 0 ? mutator.noise(random.nextInt(600))
                    : mutator.mutate(pool.get(random.nextInt(pool.size())));
            bytes += input.length;
            accepted += (int) feed(fed, input).stream().filter(Outcome.Accepted.class::isInstance).count();
            List<Outcome> recovery = feed(fed, VALID);
            if (!(recovery.getLast() instanceof Outcome.Accepted a) || !a.readings().getFirst().key().equals(VALID_KEY)
                    || recovery.stream().filter(Outcome.Accepted.class::isInstance).count() != 1) {
                throw new AssertionError("no recovery after input " + n + " (" + Printable.of(input) + "): "
                        + recovery);
            }
        }
        assertThat(bytes).isGreaterThan(COUNT * 100L);
        assertThat(accepted).as("some mutations are harmless").isPositive();
        assertThat(slowest).as("slowest call, ns").isLessThan(PROMPT_NANOS);
    }

    private static El30Driver driver(boolean lenient) {
        return new El30Driver(DriverContext.of("fuzz", ZoneId.of("Europe/Berlin")), lenient);
    }

    /** Feeds {@code input} in random chunks, checking every outcome and the buffer bound after every call. */
    private List<Outcome> feed(El30Driver driver, byte[] input) {
        List<Outcome> all = new ArrayList<>();
        int at = 0;
        while (at < input.length) {
            int chunk = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 400));
            long start = System.nanoTime();
            List<Outcome> outcomes = driver.decode(input, at, chunk, RECEIVED);
            slowest = Math.max(slowest, System.nanoTime() - start);
            if (driver.buffered() > El30Protocol.MAX_REPORT_LENGTH) {
                throw new AssertionError("driver holds " + driver.buffered() + " bytes");
            }
            outcomes.forEach(El30FuzzTest::assertSound);
            all.addAll(outcomes);
            at += chunk;
        }
        return all;
    }

    private static void assertSound(Outcome outcome) {
        switch (outcome) {
            case Outcome.Accepted a -> {
                if (a.readings().size() != 1 || a.raw().length > El30Protocol.MAX_REPORT_LENGTH
                        || a.ack()[0] != El30Protocol.ACK || a.nak()[0] != El30Protocol.NAK) {
                    throw new AssertionError("unsound acceptance " + a);
                }
                Reading r = a.readings().getFirst();
                if (r.measurements().isEmpty() || r.key().length() > Reading.MAX_KEY_LENGTH) {
                    throw new AssertionError("unsound reading " + r);
                }
            }
            case Outcome.Rejected r -> {
                byte[] answer = r.reason() == RejectReason.NOISE ? new byte[0] : new byte[] {El30Protocol.NAK};
                if (!Arrays.equals(r.answer(), answer) || r.raw().length > El30Protocol.MAX_REPORT_LENGTH
                        || r.detail().startsWith("driver error")) {
                    throw new AssertionError("unsound rejection " + r.reason() + " " + r.detail());
                }
            }
            case Outcome.IdentityReport i -> assertThat(i.identity().model()).isEqualTo("EL-30");
            default -> throw new AssertionError("the EL-30 reports no " + outcome);
        }
    }

    /** Valid reports of various shapes to mutate: optional lines, flags, ranges, dashes, unknown codes, padding. */
    private List<byte[]> pool() {
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<String> lines = new ArrayList<>();
            lines.add(El30Protocol.headerLine("30A" + random.nextInt(10_000)));
            lines.add(El30Protocol.dateLine(TIME.plusSeconds(random.nextInt(100_000))));
            if (random.nextBoolean()) {
                lines.add(El30Protocol.sampleLine(String.format("%010d", random.nextLong(10_000_000_000L))));
            }
            if (random.nextInt(4) == 0) {
                lines.add(El30Protocol.patientLine("P-" + random.nextInt(1000)));
            }
            for (String code : CODES) {
                if (random.nextInt(3) > 0) {
                    lines.add(resultLine(code));
                }
            }
            if (lines.size() == 2 || random.nextInt(3) == 0) {
                lines.add(resultLine("Na"));
            }
            for (int pad = random.nextInt(20) == 0 ? random.nextInt(1000) : 0; pad > 0; pad--) {
                lines.add("");
            }
            byte[] report = El30Protocol.report(lines);
            pool.add(random.nextInt(6) == 0 ? ByteMutator.concat(report, El30Protocol.report(lines)) : report);
        }
        return pool;
    }

    private String resultLine(String code) {
        String value = random.nextInt(20) == 0 ? "----"
                : String.format(Locale.ROOT, "%.1f", 1 + random.nextDouble() * 180);
        String unit = code.equals("pH") ? "" : "mmol/L";
        String range = switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "<5.1";
            case 2 -> ">98";
            default -> "3.5-145.0";
        };
        String flag = new String[] {"", "", "H", "L"}[random.nextInt(4)];
        return El30Protocol.resultLine(code, value, unit, range, flag);
    }

}
