package org.smartclinic.gateway.binding;

/** The rule that decided a reading's binding; recorded on the reading with its evidence. */
public enum BindingRule {
    /** The exam open at the device's station when the device measured (rule a). */
    STATION_TIME,
    /** The sample id the reading carries was issued for the exam (rule b). */
    SAMPLE_ID,
    /** A person assigned, re-assigned, confirmed or rejected it, with a reason. */
    MANUAL,
    /** No rule applied (rule d): see the evidence. */
    NONE,
    /** Journaled by a gateway before binding rules were recorded (the exam open when it was journaled). */
    LEGACY
}
