package org.smartclinic.simulator.device.lab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The LP-100's messages: one per sample, for the cartridge of the run ({@code H, P, O, R..., L}), and its host query
 * {@code H, Q|1|^<sample id>||^^^ALL||||||||O, L} sent on scanning a sample. Results as the catalogue says: R-6
 * {@code low-high}, {@code <high} or {@code >low}; R-7 {@code L}, {@code H}, {@code N}, and {@code <} for a CRP under
 * the measuring range (sent as {@code <0.5}). LDL is calculated (Friedewald), TC/HDL a ratio without unit, HbA1c
 * IFCC derived from the NGSP percentage, ACR from albumin and creatinine, so a panel is consistent.
 */
final class Lp100Messages implements LabMessages {

    /** The cartridges, with the O-5 panel and O-16 specimen they report. */
    enum Cartridge {
        A1C("HBA1C", "Blood"), LIPID("LIPID", "Serum"), CRP("CRP", "Blood"), ACR("ACR", "Urine");

        final String panel;
        final String specimen;

        Cartridge(String panel, String specimen) {
            this.panel = panel;
            this.specimen = specimen;
        }

        /** The CLI name: {@code a1c}, {@code lipid}, {@code crp}, {@code acr}. */
        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Cartridge> byId(String id) {
            for (Cartridge c : values()) {
                if (c.id().equalsIgnoreCase(id)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    private static final Analyte HBA1C = Analyte.between("HBA1C", "%", 4.0, 5.6, 4.4, 9.5, 1);
    private static final Analyte HBA1C_IFCC = Analyte.between("HBA1C_IFCC", "mmol/mol", 20, 38, 0, 0, 0);
    private static final Analyte CHOL = Analyte.below("CHOL", "mmol/L", 5.2, 3.4, 7.6, 2);
    private static final Analyte HDL = Analyte.above("HDL", "mmol/L", 1.0, 0.7, 2.3, 2);
    private static final Analyte TRIG = Analyte.below("TRIG", "mmol/L", 1.7, 0.5, 3.4, 2);
    private static final Analyte LDL = Analyte.below("LDL", "mmol/L", 3.4, 0, 0, 2);
    private static final Analyte RATIO = Analyte.below("TC/HDL", "", 5.0, 0, 0, 1);
    private static final Analyte CRP = Analyte.below("CRP", "mg/L", 5.0, 0.2, 40.0, 1);
    private static final Analyte UALB = Analyte.below("UALB", "mg/L", 20, 2, 160, 1);
    private static final Analyte UCREA = Analyte.between("UCREA", "mmol/L", 2.6, 26.5, 3.0, 22.0, 1);
    private static final Analyte ACR = Analyte.below("ACR", "mg/mmol", 3.0, 0, 0, 1);
    private static final double CRP_LOWEST = 0.5;

    private final String firmware;
    private final String serial;
    private final Cartridge cartridge;

    Lp100Messages(String firmware, String serial, Cartridge cartridge) {
        this.firmware = firmware;
        this.serial = serial;
        this.cartridge = cartridge;
    }

    /** The host query sent when {@code sampleId} is scanned. */
    List<String> query(String sampleId, LocalDateTime time) {
        return List.of(header(time), "Q|1|^" + sampleId + "||^^^ALL||||||||O", LabRecord.terminator());
    }

    @Override
    public List<List<String>> results(List<LabSpecimen> specimens, Random random, LocalDateTime time) {
        List<List<String>> messages = new ArrayList<>();
        for (LabSpecimen s : specimens) {
            List<String> records = new ArrayList<>();
            records.add(header(time));
            records.add(LabRecord.patient(1, s.patientId(), s.patientName()));
            records.add(LabRecord.order(1, s.sampleId(), cartridge.panel, cartridge.specimen, time));
            results(random, time, records);
            records.add(LabRecord.terminator());
            messages.add(List.copyOf(records));
        }
        return messages;
    }

    private void results(Random random, LocalDateTime time, List<String> out) {
        switch (cartridge) {
            case A1C -> {
                double ngsp = HBA1C.draw(random);
                double ifcc = (Double.parseDouble(HBA1C.format(ngsp)) - 2.15) * 10.929;
                add(out, HBA1C, ngsp, time);
                add(out, HBA1C_IFCC, ifcc, time);
            }
            case LIPID -> {
                double chol = CHOL.draw(random);
                double hdl = HDL.draw(random);
                double trig = TRIG.draw(random);
                add(out, CHOL, chol, time);
                add(out, HDL, hdl, time);
                add(out, TRIG, trig, time);
                add(out, LDL, Math.max(0.1, chol - hdl - trig / 2.2), time);
                add(out, RATIO, chol / hdl, time);
            }
            case CRP -> crp(out, CRP.draw(random), time);
            case ACR -> {
                double alb = UALB.draw(random);
                double crea = UCREA.draw(random);
                add(out, UALB, alb, time);
                add(out, UCREA, crea, time);
                add(out, ACR, alb / crea, time);
            }
        }
    }

    private static void crp(List<String> out, double value, LocalDateTime time) {
        if (value < CRP_LOWEST) {
            out.add(LabRecord.result(out.size() - 2, "^^^CRP", "<" + CRP.format(CRP_LOWEST), CRP.unit(),
                    CRP.rangeText(), "<", time).toString());
        } else {
            add(out, CRP, value, time);
        }
    }

    /** An R record; its sequence follows the records already there after H, P and O. */
    private static void add(List<String> out, Analyte a, double value, LocalDateTime time) {
        out.add(LabRecord.result(out.size() - 2, "^^^" + a.code(), a.format(value), a.unit(), a.rangeText(),
                a.flag(value), time).toString());
    }

    private String header(LocalDateTime time) {
        return LabRecord.header(LabModel.LP100.modelName(), firmware, serial, time);
    }
}
