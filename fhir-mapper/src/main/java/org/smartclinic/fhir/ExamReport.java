package org.smartclinic.fhir;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The summary of a closed exam for the EHR: which results were measured in it, and what the GP concluded. Becomes a
 * DiagnosticReport ({@link DiagnosticReportMapper}), sent by {@link UploadBundleFactory#examReport}.
 *
 * @param binding               the exam's binding (exam id, patient, opening time)
 * @param closedAt              when the exam was closed; not before it was opened
 * @param issued                when this version of the report is released
 * @param observationReferences the results, as their ids on the EHR ({@code Observation/123}), each once
 * @param conclusion            the GP's conclusion, at most {@value #MAX_CONCLUSION} characters, or null (blank counts
 *                              as null)
 * @param amended               true when the report was sent before and this one replaces it (a result arrived
 *                              after the exam was closed)
 */
public record ExamReport(ExamBinding binding, Instant closedAt, Instant issued, List<String> observationReferences,
        String conclusion, boolean amended) {

    /** The longest conclusion accepted, in characters. */
    public static final int MAX_CONCLUSION = 4000;

    private static final Pattern OBSERVATION_REFERENCE = Pattern.compile("Observation/[A-Za-z0-9\\-.]{1,64}");

    public ExamReport {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(issued, "issued");
        if (Objects.requireNonNull(closedAt, "closedAt").isBefore(binding.openedAt())) {
            throw new IllegalArgumentException("exam " + binding.examId() + " closed at " + closedAt
                    + ", before it was opened at " + binding.openedAt());
        }
        observationReferences = List.copyOf(Objects.requireNonNull(observationReferences, "observationReferences"));
        Set<String> seen = new HashSet<>();
        for (String reference : observationReferences) {
            if (!OBSERVATION_REFERENCE.matcher(reference).matches()) {
                throw new IllegalArgumentException("a result must be referenced as Observation/<id>, was " + reference);
            }
            if (!seen.add(reference)) {
                throw new IllegalArgumentException("result " + reference + " listed twice in exam " + binding.examId());
            }
        }
        conclusion = conclusion == null || conclusion.isBlank() ? null : conclusion;
        if (conclusion != null && conclusion.length() > MAX_CONCLUSION) {
            throw new IllegalArgumentException("conclusion of exam " + binding.examId() + " has "
                    + conclusion.length() + " characters, at most " + MAX_CONCLUSION + " are accepted");
        }
    }
}
