package org.smartclinic.simulator.device.lab;

import java.util.Locale;
import java.util.Optional;

/**
 * The analyzer models of {@code docs/lab-analyzers.md} that speak ASTM, with the identity their twins send in H-5
 * ({@code MODEL^firmware^serial}) unless told otherwise.
 */
public enum LabModel {
    /** HbA1c, lipid panel, CRP, urine albumin/creatinine; one cartridge per run; host query on sample scan. */
    LP100("lp100", "LP-100", "2.4.1", "LP1-00417"),
    /** 3-part-diff haematology, 20 parameters and morphology remarks in one message per sample. */
    HX3("hx3", "HX-3", "5.02", "HX3-21877"),
    /** Clinical chemistry over TCP: several orders per sample, several samples per message, long R records. */
    CH200("ch200", "CH-200", "3.1.0", "CH2-00058"),
    /** Urine test strip reader: ordinal results right-aligned, checksums in lower-case hex. */
    US10("us10", "US-10", "1.07", "US10-5521");

    private final String id;
    private final String modelName;
    private final String firmware;
    private final String serial;

    LabModel(String id, String modelName, String firmware, String serial) {
        this.id = id;
        this.modelName = modelName;
        this.firmware = firmware;
        this.serial = serial;
    }

    /** The driver id, e.g. {@code lp100}. */
    public String id() {
        return id;
    }

    /** The model as H-5 component 1 names it, e.g. {@code LP-100}. */
    public String modelName() {
        return modelName;
    }

    public String defaultFirmware() {
        return firmware;
    }

    public String defaultSerial() {
        return serial;
    }

    /** The model with this driver id (case ignored). */
    public static Optional<LabModel> byId(String id) {
        for (LabModel m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
