package org.smartclinic.drivers.instrument.lab.el30;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import org.smartclinic.drivers.LabResult;
import org.smartclinic.drivers.spi.RejectReason;

/** An EL-30 report as {@link El30ReportParser} understood its lines: the results, or why not. */
sealed interface El30Report {

    /**
     * A well-formed report.
     *
     * @param serial     the analyzer's serial number from the first line
     * @param deviceTime the date line, in the analyzer's (unknown here) zone
     * @param sampleId   ten digits, or null when the report has no SAMPLE line
     * @param patientId  as keyed in at the analyzer, or null; never part of the key
     * @param results    one per analyte line, in the order printed, at least one
     */
    record Results(String serial, LocalDateTime deviceTime, String sampleId, String patientId,
            List<Result> results) implements El30Report {

        private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

        public Results {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(deviceTime, "deviceTime");
            results = List.copyOf(results);
        }

        /** Same for a re-sent report, different for any other: time, sample id ({@code -} if none), serial. */
        String key() {
            return KEY_TIME.format(deviceTime) + "#" + (sampleId == null ? "-" : sampleId) + "#" + serial;
        }
    }

    /**
     * One analyte line.
     *
     * @param code  the analyte code as printed (Na, K, Cl, ...)
     * @param value the number as printed, scale kept; null when the analyzer printed dashes (no result)
     * @param text  the value token as printed
     * @param unit  the unit as printed; empty for none
     * @param range the reference range, or null when none was printed
     * @param flag  {@code H}, {@code L}, or empty
     */
    record Result(String code, BigDecimal value, String text, String unit, LabResult.Range range, String flag) {
    }

    /** A report that breaks the format or carries a value that cannot be read. */
    record Invalid(RejectReason reason, String detail) implements El30Report {
    }
}
