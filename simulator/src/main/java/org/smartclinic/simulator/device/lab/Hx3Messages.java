package org.smartclinic.simulator.device.lab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The HX-3's message, one per sample: {@code H, P, O (O-5 ^^^CBC), 20 R, L}, the parameters in the catalogue's
 * order with its units, R-7 {@code L}/{@code H} outside the reference range and {@code LL}/{@code HH} far outside,
 * and a morphology remark as a C record right after the R it concerns. The count is consistent the way the analyzer
 * measures it: absolute counts from WBC and the percentages, HCT from RBC and MCV, HGB from HCT and MCHC, MCH from
 * HGB and RBC, PCT from PLT and MPV. With the scattergram alarm on (the default) WBC carries the remark
 * {@code WBC abnormal scattergram} and, when its count is in range, the flag {@code A}.
 */
final class Hx3Messages implements LabMessages {

    static final String SCATTERGRAM_REMARK = "WBC abnormal scattergram";

    private static final Analyte WBC = Analyte.between("WBC", "10^3/uL", 4.0, 10.0, 3.0, 13.0, 1);
    private static final Analyte LYM_N = Analyte.between("LYM#", "10^3/uL", 0.8, 4.0, 0, 0, 1);
    private static final Analyte MID_N = Analyte.between("MID#", "10^3/uL", 0.1, 1.5, 0, 0, 1);
    private static final Analyte GRA_N = Analyte.between("GRA#", "10^3/uL", 2.0, 7.0, 0, 0, 1);
    private static final Analyte LYM_P = Analyte.between("LYM%", "%", 20.0, 40.0, 15.0, 45.0, 1);
    private static final Analyte MID_P = Analyte.between("MID%", "%", 3.0, 15.0, 3.0, 12.0, 1);
    private static final Analyte GRA_P = Analyte.between("GRA%", "%", 50.0, 70.0, 0, 0, 1);
    private static final Analyte RBC = Analyte.between("RBC", "10^6/uL", 4.00, 5.50, 3.70, 5.90, 2);
    private static final Analyte HGB = Analyte.between("HGB", "g/dL", 12.0, 16.0, 0, 0, 1);
    private static final Analyte HCT = Analyte.between("HCT", "%", 36.0, 48.0, 0, 0, 1);
    private static final Analyte MCV = Analyte.between("MCV", "fL", 80.0, 100.0, 76.0, 103.0, 1);
    private static final Analyte MCH = Analyte.between("MCH", "pg", 27.0, 34.0, 0, 0, 1);
    private static final Analyte MCHC = Analyte.between("MCHC", "g/dL", 32.0, 36.0, 31.0, 37.0, 1);
    private static final Analyte RDW_CV = Analyte.between("RDW-CV", "%", 11.0, 16.0, 11.0, 17.5, 1);
    private static final Analyte RDW_SD = Analyte.between("RDW-SD", "fL", 35.0, 56.0, 35.0, 59.0, 1);
    private static final Analyte PLT = Analyte.between("PLT", "10^3/uL", 150, 400, 60, 460, 0);
    private static final Analyte MPV = Analyte.between("MPV", "fL", 6.5, 12.0, 6.5, 12.5, 1);
    private static final Analyte PDW = Analyte.between("PDW", "fL", 9.0, 17.0, 9.0, 18.0, 1);
    private static final Analyte PCT = Analyte.between("PCT", "%", 0.108, 0.282, 0, 0, 3);
    private static final Analyte P_LCR = Analyte.between("P-LCR", "%", 11.0, 45.0, 12.0, 46.0, 1);

    private final String firmware;
    private final String serial;
    private final boolean scattergramAlarm;

    Hx3Messages(String firmware, String serial, boolean scattergramAlarm) {
        this.firmware = firmware;
        this.serial = serial;
        this.scattergramAlarm = scattergramAlarm;
    }

    @Override
    public List<List<String>> results(List<LabSpecimen> specimens, Random random, LocalDateTime time) {
        List<List<String>> messages = new ArrayList<>();
        for (LabSpecimen s : specimens) {
            List<String> records = new ArrayList<>();
            records.add(LabRecord.header(LabModel.HX3.modelName(), firmware, serial, time));
            records.add(LabRecord.patient(1, s.patientId(), s.patientName()));
            records.add(LabRecord.order(1, s.sampleId(), "CBC", "Blood", time));
            int seq = 0;
            for (Map.Entry<Analyte, Double> e : count(random).entrySet()) {
                Analyte a = e.getKey();
                String flag = a.criticalFlag(e.getValue());
                boolean remark = a == WBC && scattergramAlarm;
                records.add(LabRecord.result(++seq, "^^^" + a.code(), a.format(e.getValue()), a.unit(),
                        a.rangeText(), remark && flag.equals("N") ? "A" : flag, time).toString());
                if (remark) {
                    records.add(LabRecord.comment(1, SCATTERGRAM_REMARK));
                }
            }
            records.add(LabRecord.terminator());
            messages.add(List.copyOf(records));
        }
        return messages;
    }

    /** The 20 parameters in the catalogue's order, derived ones computed from the measured. */
    private static Map<Analyte, Double> count(Random random) {
        double wbc = round(WBC, WBC.draw(random));
        double lymP = round(LYM_P, LYM_P.draw(random));
        double midP = round(MID_P, MID_P.draw(random));
        double graP = round(GRA_P, 100 - lymP - midP);
        double rbc = round(RBC, RBC.draw(random));
        double mcv = round(MCV, MCV.draw(random));
        double mchc = round(MCHC, MCHC.draw(random));
        double hct = round(HCT, rbc * mcv / 10);
        double hgb = round(HGB, hct * mchc / 100);
        double plt = round(PLT, PLT.draw(random));
        double mpv = round(MPV, MPV.draw(random));
        Map<Analyte, Double> out = new LinkedHashMap<>();
        out.put(WBC, wbc);
        out.put(LYM_N, wbc * lymP / 100);
        out.put(MID_N, wbc * midP / 100);
        out.put(GRA_N, wbc * graP / 100);
        out.put(LYM_P, lymP);
        out.put(MID_P, midP);
        out.put(GRA_P, graP);
        out.put(RBC, rbc);
        out.put(HGB, hgb);
        out.put(HCT, hct);
        out.put(MCV, mcv);
        out.put(MCH, hgb / rbc * 10);
        out.put(MCHC, mchc);
        out.put(RDW_CV, RDW_CV.draw(random));
        out.put(RDW_SD, RDW_SD.draw(random));
        out.put(PLT, plt);
        out.put(MPV, mpv);
        out.put(PDW, PDW.draw(random));
        out.put(PCT, plt * mpv / 10_000);
        out.put(P_LCR, P_LCR.draw(random));
        return out;
    }

    private static double round(Analyte a, double value) {
        return Double.parseDouble(a.format(value));
    }
}
