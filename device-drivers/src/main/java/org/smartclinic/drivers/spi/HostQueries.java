package org.smartclinic.drivers.spi;

import java.util.Optional;

/**
 * The clinic's side of an analyzer's host query ("which patient and tests for sample S?"), given to drivers in their
 * {@link DriverContext}. The gateway answers from its own journal: the exam a sample was registered for, and that
 * exam's patient. Called on the device's link thread, so it answers from local state at once and never calls the
 * EHR.
 */
@FunctionalInterface
public interface HostQueries {

    /** Knows no sample: every query is answered "no information". */
    HostQueries NONE = sampleId -> Optional.empty();

    /**
     * The order for {@code sampleId}, or empty when the clinic knows no such sample (or its exam has ended).
     * The result holds patient data: a driver sends it to its device only and never logs it.
     */
    Optional<HostOrder> find(String sampleId);
}
