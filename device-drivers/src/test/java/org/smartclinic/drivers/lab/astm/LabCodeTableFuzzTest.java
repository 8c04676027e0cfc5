package org.smartclinic.drivers.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.instrument.lab.hx3.Hx3DriverFactory;
import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.lab.LabCodeTableException;

/**
 * Random and mutated code-table texts: the parser gives a table or a {@link LabCodeTableException} naming the
 * source, never anything else, and promptly. Inputs: {@code -Dlab.codes.fuzz.count=N} (100,000 by default: one in ten random text, the rest mutated shipped tables).
 */
class LabCodeTableFuzzTest {

    private static final int COUNT = Integer.getInteger("lab.codes.fuzz.count", 100_000);
    private static final String ALPHABET = "|#[]=-\n\r \t ^%/0123456789ABCabc.<>+";

    @Test
    void mutatedTables_parseOrFailWithSource_neverAnythingElse() throws IOException {
        Random random = new Random(2026);
        List<String> seeds = new ArrayList<>();
        for (String id : List.of("lp100/lp100.codes", "hx3/hx3.codes", "ch200/ch200.codes", "us10/us10.codes")) {
            try (InputStream in = Hx3DriverFactory.class.getResourceAsStream("../" + id)) {
                seeds.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        int parsed = 0;
        long slowest = 0;
        for (int n = 0; n < COUNT; n++) {
            String text = n % 10 == 9 ? random(random) : mutate(seeds.get(random.nextInt(seeds.size())), random);
            long start = System.nanoTime();
            try {
                LabCodeTable.parse("fuzz", text);
                parsed++;
            } catch (LabCodeTableException e) {
                assertThat(e.getMessage()).startsWith("fuzz");
            }
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertThat(parsed).isPositive().isLessThan(COUNT);
        assertThat(slowest).isLessThan(1_000_000_000L);
    }

    private static String random(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(400); i > 0; i--) {
            s.append(random.nextBoolean() ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                    : (char) random.nextInt(0x3000));
        }
        return s.toString();
    }

    private static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        for (int m = 1 + random.nextInt(4); m > 0 && !s.isEmpty(); m--) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(4)) {
                case 0 -> s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 2 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(30)));
                default -> s.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return s.toString();
    }
}
