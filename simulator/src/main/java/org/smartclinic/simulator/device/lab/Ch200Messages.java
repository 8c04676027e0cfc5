package org.smartclinic.simulator.device.lab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The CH-200's message: all samples of a batch in one message, a P per sample and three orders each (liver, renal,
 * lipid/inflammation panels), several R per O. R-3 is {@code ^^^CODE^dilution} (test code in component 4, the
 * dilution factor in component 5); carry the reagent lot, the calibration and the QC text, so
 * every R record is longer than 240 characters and the link layer continues it in ETB frames.
 */
final class Ch200Messages implements LabMessages {

    /** One order: its panel name and the tests it reports. */
    private record Panel(String name, List<Analyte> tests) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("LIVER", List.of(
                    Analyte.between("ALT", "U/L", 7, 56, 5, 95, 0),
                    Analyte.between("AST", "U/L", 10, 40, 8, 80, 0),
                    Analyte.between("ALP", "U/L", 40, 130, 30, 190, 0),
                    Analyte.between("GGT", "U/L", 9, 48, 6, 120, 0),
                    Analyte.between("TBIL", "umol/L", 3.0, 21.0, 2.0, 34.0, 1),
                    Analyte.between("TP", "g/L", 60, 83, 55, 88, 0),
                    Analyte.between("ALB", "g/L", 35, 52, 30, 55, 0))),
            new Panel("RENAL", List.of(
                    Analyte.between("GLU", "mmol/L", 3.9, 6.1, 3.4, 11.5, 1),
                    Analyte.between("UREA", "mmol/L", 2.5, 7.8, 2.0, 12.0, 1),
                    Analyte.between("CREA", "umol/L", 53, 106, 45, 180, 0),
                    Analyte.between("UA", "umol/L", 150, 420, 120, 520, 0))),
            new Panel("LIPID", List.of(
                    Analyte.below("CHOL", "mmol/L", 5.2, 3.4, 7.6, 2),
                    Analyte.below("TRIG", "mmol/L", 1.7, 0.5, 3.4, 2),
                    Analyte.below("CRP", "mg/L", 5.0, 0.5, 40.0, 1))));

    private final String firmware;
    private final String serial;

    Ch200Messages(String firmware, String serial) {
        this.firmware = firmware;
        this.serial = serial;
    }

    @Override
    public List<List<String>> results(List<LabSpecimen> specimens, Random random, LocalDateTime time) {
        List<String> records = new ArrayList<>();
        records.add(LabRecord.header(LabModel.CH200.modelName(), firmware, serial, time));
        int patient = 0;
        for (LabSpecimen s : specimens) {
            records.add(LabRecord.patient(++patient, s.patientId(), s.patientName()));
            int order = 0;
            for (Panel panel : PANELS) {
                records.add(LabRecord.order(++order, s.sampleId(), panel.name(), "Serum", time));
                int seq = 0;
                for (Analyte a : panel.tests()) {
                    double value = a.draw(random);
                    records.add(LabRecord.result(++seq, "^^^" + a.code() + "^1", a.format(value), a.unit(),
                            a.rangeText(), a.flag(value), time).set(11, "OPR1")
                            .set(12, LabRecord.TIME.format(time.minusMinutes(4)))
                            .set(14, reagent(a, random)).set(15, calibration(random, time))
                            .set(16, qc(a, random)).toString());
                }
            }
        }
        records.add(LabRecord.terminator());
        return List.of(List.copyOf(records));
    }

    private static String reagent(Analyte a, Random random) {
        return String.format(Locale.ROOT, "REAGENT %s LOT R%04d-%02d EXP 20270630 OPENED 20261120 ONBOARD %d DAYS",
                a.code(), 1000 + random.nextInt(9000), 1 + random.nextInt(20), 1 + random.nextInt(28));
    }

    private static String calibration(Random random, LocalDateTime time) {
        return String.format(Locale.ROOT, "CALIBRATION %s FACTOR %.4f BLANK %.4f STATUS VALID",
                LabRecord.TIME.format(time.minusDays(2).withHour(7).withMinute(30).withSecond(0)),
                0.95 + random.nextDouble() * 0.1, random.nextDouble() * 0.01);
    }

    /** Two control levels around the reference limits, both in their target ranges, and the Westgard verdict. */
    private static String qc(Analyte a, Random random) {
        double low = Double.isNaN(a.low()) ? a.high() / 2 : a.low();
        double high = Double.isNaN(a.high()) ? a.low() * 2 : a.high();
        return String.format(Locale.ROOT, "QC L1 %s TARGET %s-%s PASS; QC L2 %s TARGET %s-%s PASS; WESTGARD 1-3S"
                        + " 2-2S R-4S OK", a.format(low * (0.98 + random.nextDouble() * 0.04)), a.format(low * 0.9),
                a.format(low * 1.1), a.format(high * (0.98 + random.nextDouble() * 0.04)), a.format(high * 0.9),
                a.format(high * 1.1));
    }
}
