package org.smartclinic.gateway.binding;

/** Where a reading stands with respect to a patient. */
public enum BindingState {
    /** Bound to an exam by a rule (or a person) and queued for the EHR. */
    BOUND,
    /** Bound to an exam at a station whose policy is to upload only what the GP confirmed; waits for that. */
    REVIEW,
    /** A rule pointed at an exam but the evidence conflicts (ambiguous time, patient id mismatch): a person decides. */
    HELD,
    /** No rule applies: no exam was open at the device's station when it measured, or an unknown sample id. */
    UNASSIGNED,
    /** A person rejected it: never uploaded (and retracted upstream if it had been). */
    REJECTED;

    /** States a person is expected to act on. */
    public boolean needsPerson() {
        return this == HELD || this == UNASSIGNED || this == REVIEW;
    }
}
