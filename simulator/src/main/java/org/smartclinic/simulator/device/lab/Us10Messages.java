package org.smartclinic.simulator.device.lab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The US-10's message, one per strip: {@code H, P, O (O-5 ^^^STRIP, O-16 Urine), 12 R, L}. Pads {@code GLU BIL
 * KET BLD PRO NIT LEU URO} report ordinals ({@code neg trace + ++ +++}, URO {@code norm} and up), {@code SG}
 * ({@code 1.005 ... 1.030}) and {@code PH} ({@code 5.0 ... 9.0}) have no unit, {@code COL} and {@code CLA} are
 * free text. Every value is right-aligned in six characters ({@code "   neg"}), R-7 is {@code A} on an abnormal
 * result and empty otherwise. (Its checksums are lower-case hex: a setting of the link, see {@link LabTwin}.)
 */
final class Us10Messages implements LabMessages {

    /** Width of every value, right-aligned. */
    static final int WIDTH = 6;

    private static final List<String> PADS = List.of("GLU", "BIL", "KET", "BLD", "PRO", "NIT", "LEU", "URO");
    private static final List<String> ORDINALS = List.of("neg", "trace", "+", "++", "+++");
    private static final List<String> URO = List.of("norm", "+", "++", "+++");
    private static final List<String> COLOURS = List.of("straw", "yellow", "yellow", "amber", "red");
    private static final List<String> CLARITIES = List.of("clear", "clear", "clear", "hazy", "cloudy");

    private final String firmware;
    private final String serial;

    Us10Messages(String firmware, String serial) {
        this.firmware = firmware;
        this.serial = serial;
    }

    @Override
    public List<List<String>> results(List<LabSpecimen> specimens, Random random, LocalDateTime time) {
        List<List<String>> messages = new ArrayList<>();
        for (LabSpecimen s : specimens) {
            List<String> records = new ArrayList<>();
            records.add(LabRecord.header(LabModel.US10.modelName(), firmware, serial, time));
            records.add(LabRecord.patient(1, s.patientId(), s.patientName()));
            records.add(LabRecord.order(1, s.sampleId(), "STRIP", "Urine", time));
            for (String pad : PADS) {
                List<String> scale = pad.equals("URO") ? URO : ORDINALS;
                String value = mostlyFirst(scale, random);
                add(records, pad, value, scale.get(0), !value.equals(scale.get(0)), time);
            }
            double sg = 1.005 + random.nextInt(6) * 0.005;
            add(records, "SG", String.format(Locale.ROOT, "%.3f", sg), "1.005-1.030", false, time);
            double ph = 5.0 + random.nextInt(9) * 0.5;
            add(records, "PH", String.format(Locale.ROOT, "%.1f", ph), "5.0-8.0", ph > 8.0, time);
            String colour = COLOURS.get(random.nextInt(COLOURS.size()));
            add(records, "COL", colour, "yellow", colour.equals("red"), time);
            String clarity = CLARITIES.get(random.nextInt(CLARITIES.size()));
            add(records, "CLA", clarity, "clear", clarity.equals("cloudy"), time);
            records.add(LabRecord.terminator());
            messages.add(List.copyOf(records));
        }
        return messages;
    }

    /** The normal value two times in three, else one of the others: strips are mostly negative. */
    private static String mostlyFirst(List<String> scale, Random random) {
        return random.nextInt(3) < 2 ? scale.get(0) : scale.get(1 + random.nextInt(scale.size() - 1));
    }

    private static void add(List<String> records, String code, String value, String range, boolean abnormal,
            LocalDateTime time) {
        records.add(LabRecord.result(records.size() - 2, "^^^" + code, rightAligned(value), "", range,
                abnormal ? "A" : "", time).toString());
    }

    /** {@code neg} as {@code "   neg"}. */
    static String rightAligned(String value) {
        return " ".repeat(Math.max(0, WIDTH - value.length())) + value;
    }
}
