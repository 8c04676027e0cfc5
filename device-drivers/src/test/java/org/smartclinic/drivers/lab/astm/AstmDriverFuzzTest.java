package org.smartclinic.drivers.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.codec.astm.link.AstmFrame;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverChannel;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.HostOrder;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.testkit.ByteMutator;

/**
 * Random and mutated analyzer input for {@link AstmDriver}, through three model drivers (LP-100 with host queries
 * the clinic answers, HX-3, US-10 with its leniencies) that live through the whole run: inputs are fed in random
 * chunks with the analyzer's ACKs, NAKs and random timer firings between them, and the store randomly fails.
 * Nothing may throw, every call must return promptly and bounded, and after any input (once every armed timer has
 * fired, as a quiet line ensures) a valid message must decode to exactly its one reading.
 * <p>
 * Inputs: {@code -Dastm.driver.fuzz.count=N} (100,000 by default), seed {@code -Dastm.driver.fuzz.seed=S}.
 */
class AstmDriverFuzzTest {

    private static final int COUNT = Integer.getInteger("astm.driver.fuzz.count", 100_000);
    private static final long SEED = Long.getLong("astm.driver.fuzz.seed", 1394L);
    private static final long PROMPT_NANOS = 1_000_000_000L;
    private static final int MAX_OUTCOME_BYTES = (1 << 20) + 4096;
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final byte[] CONTROLS = {0x02, 0x03, 0x17, 0x04, 0x05, 0x06, 0x15, 0x0D, 0x0A};
    private static final String[] CODES = {"HBA1C", "CHOL", "LDL", "TC/HDL", "CRP", "WBC", "PLT", "GLU", "KET", "COL",
        "SG", "XYZ", ""};
    private static final String[] VALUES = {"5.4", "   neg", "+", "trace", ">500", "", "1.020", "abc", "-0.5"};

    private final Random random = new Random(SEED);
    private final ByteMutator mutator = new ByteMutator(random, CONTROLS);
    private long slowest;

    @Test
    void randomAndMutatedInput_neverThrowsStaysPromptAndAValidMessageStillDecodes() {
        // Warnings about unknown codes and undelivered answers are expected by the thousand here.
        Logger.getLogger("org.smartclinic.drivers.lab.astm").setLevel(Level.OFF);
        List<Fixture> drivers = List.of(fixture("lp100"), fixture("hx3"), fixture("us10"));
        List<byte[]> pool = pool();
        byte[] valid = transmission(List.of("H|\\^&|||X^1^2", "P|1|P", "O|1|4711000010||^^^CRP|R",
                "R|1|^^^CRP|3|mg/L|<5|N||F", "L|1|N"));
        long bytes = 0;
        for (int n = 0; n < COUNT; n++) {
            Fixture f = drivers.get(n % drivers.size());
            byte[] input = random.nextInt(5) == 0 ? mutator.noise(random.nextInt(600))
                    : mutator.mutate(pool.get(random.nextInt(pool.size())));
            bytes += input.length;
            feed(f, input, true);
            f.quiet();
            List<Outcome> recovery = feed(f, valid, false);
            long readings = recovery.stream().filter(Outcome.Accepted.class::isInstance)
                    .mapToLong(o -> ((Outcome.Accepted) o).readings().size()).sum();
            if (readings != 1) {
                throw new AssertionError("no recovery after input " + n + " (" + Printable.of(input) + "): "
                        + recovery);
            }
            f.quiet();
        }
        assertThat(bytes).isGreaterThan(COUNT * 100L);
        assertThat(slowest).as("slowest call, ns").isLessThan(PROMPT_NANOS);
    }

    private List<Outcome> feed(Fixture f, byte[] input, boolean chaos) {
        List<Outcome> all = new ArrayList<>();
        int at = 0;
        while (at < input.length) {
            int chunk = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
            long start = System.nanoTime();
            List<Outcome> out = f.driver.decode(input, at, chunk, NOW);
            slowest = Math.max(slowest, System.nanoTime() - start);
            at += chunk;
            settle(f, out, chaos);
            all.addAll(out);
            if (chaos && random.nextInt(30) == 0) {
                f.fireOne(random);
            }
            if (chaos && random.nextInt(20) == 0 && !f.channel.sent.isEmpty()) {
                // The analyzer answers what the gateway sent: mostly ACK, sometimes NAK or EOT.
                byte[] answer = {new byte[] {0x06, 0x06, 0x06, 0x15, 0x04}[random.nextInt(5)]};
                settle(f, f.driver.decode(answer, 0, 1, NOW), chaos);
            }
        }
        return all;
    }

    /** Checks each outcome's bounds and settles accepted ones as the link does, storing failing at random. */
    private void settle(Fixture f, List<Outcome> outcomes, boolean chaos) {
        assertThat(outcomes.size()).isLessThan(2000);
        for (Outcome o : outcomes) {
            if (o instanceof Outcome.Accepted a) {
                assertThat(a.raw().length).isLessThan(MAX_OUTCOME_BYTES);
                if (chaos && !a.readings().isEmpty() && random.nextInt(4) == 0) {
                    f.driver.storeFailed(a, "fuzz");
                } else {
                    f.driver.stored(a);
                }
            } else if (o instanceof Outcome.Rejected r) {
                assertThat(r.raw().length).isLessThan(MAX_OUTCOME_BYTES);
            }
        }
        f.channel.sent.clear();
    }

    private Fixture fixture(String id) {
        HostOrder known = new HostOrder("4711000010", "P-1", "Doe", "Jane", LocalDate.of(1980, 1, 31), "F",
                List.of("HBA1C"));
        DriverContext context = new DriverContext("fuzz-" + id, ZoneOffset.UTC, Map.of(),
                sample -> sample.equals(known.sampleId()) ? Optional.of(known) : Optional.empty());
        StreamDriver driver = (StreamDriver) DeviceDriverFactory.find(id).orElseThrow().create(context);
        FuzzChannel channel = new FuzzChannel();
        driver.bind(channel);
        return new Fixture(driver, channel);
    }

    /** Valid transmissions: results with random codes, values, flags and ranges; host queries; long records. */
    private List<byte[]> pool() {
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            List<String> records = new ArrayList<>(List.of("H|\\^&|||LP-100^2.1^SN" + i + "|||||||P|LIS2-A2|2026112310"
                    + "1500"));
            if (i % 4 == 0) {
                records.add("Q|1|^" + (random.nextBoolean() ? "4711000010" : "99" + i) + "||^^^ALL||||||||O");
            } else {
                for (int p = 0; p < 1 + random.nextInt(2); p++) {
                    records.add("P|" + (p + 1) + "|PAT-" + i);
                    records.add("O|1|47110" + i + "||^^^" + (random.nextBoolean() ? "LIPID" : "CBC") + "|R");
                    for (int r = 0; r < 1 + random.nextInt(6); r++) {
                        records.add("R|" + (r + 1) + "|^^^" + CODES[random.nextInt(CODES.length)] + "|"
                                + VALUES[random.nextInt(VALUES.length)] + "|mmol/L|" + (random.nextBoolean()
                                ? "1.0-5.0" : "<5") + "|" + (random.nextBoolean() ? "H" : "N") + "||F||||20261123101200"
                                + (random.nextInt(5) == 0 ? "|" + "x".repeat(random.nextInt(400)) : ""));
                        if (random.nextInt(4) == 0) {
                            records.add("C|1|I|remark " + r + "|I");
                        }
                    }
                }
            }
            records.add("L|1|N");
            pool.add(transmission(records));
        }
        return pool;
    }

    private static byte[] transmission(List<String> records) {
        byte[] frames = AstmFrame.encodeAll(AstmFrame.split(records));
        byte[] out = new byte[frames.length + 2];
        out[0] = 0x05;
        System.arraycopy(frames, 0, out, 1, frames.length);
        out[out.length - 1] = 0x04;
        return out;
    }

    /** A driver and its channel. */
    private record Fixture(StreamDriver driver, FuzzChannel channel) {

        /** Fires every armed timer until none is armed, as a quiet line does (the sender gives up in the end). */
        void quiet() {
            for (int i = 0; i < 100 && !channel.armed.isEmpty(); i++) {
                String name = channel.armed.iterator().next();
                channel.armed.remove(name);
                driver.onTimer(name, NOW).forEach(o -> {
                    if (o instanceof Outcome.Accepted a) {
                        driver.stored(a);
                    }
                });
                channel.sent.clear();
            }
            assertThat(channel.armed).as("timers still armed after a quiet line").isEmpty();
        }

        void fireOne(Random random) {
            if (!channel.armed.isEmpty()) {
                List<String> names = new ArrayList<>(channel.armed);
                String name = names.get(random.nextInt(names.size()));
                channel.armed.remove(name);
                driver.onTimer(name, NOW);
            }
        }
    }

    /** Records sends (bounded per call by the assertions) and armed timers. */
    private static final class FuzzChannel implements DriverChannel {
        private final List<byte[]> sent = new ArrayList<>();
        private final Set<String> armed = new LinkedHashSet<>();

        @Override
        public boolean send(byte[] bytes) {
            assertThat(bytes.length).isLessThan(300);
            sent.add(bytes);
            return true;
        }

        @Override
        public void schedule(String name, Duration delay) {
            armed.add(name);
        }

        @Override
        public void cancel(String name) {
            armed.remove(name);
        }

        @Override
        public Instant now() {
            return NOW;
        }
    }
}
