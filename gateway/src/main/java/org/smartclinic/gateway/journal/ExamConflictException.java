package org.smartclinic.gateway.journal;

/** The station already has an open exam; close it first. */
public class ExamConflictException extends RuntimeException {

    private final String openExamId;

    public ExamConflictException(String station, String openExamId) {
        super("station " + station + " already has an open exam (" + openExamId + "); close it first");
        this.openExamId = openExamId;
    }

    public String openExamId() {
        return openExamId;
    }
}
