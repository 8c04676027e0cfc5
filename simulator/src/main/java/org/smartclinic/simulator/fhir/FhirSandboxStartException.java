package org.smartclinic.simulator.fhir;

/** The FHIR sandbox could not start, e.g. because its port is taken; the message says what to change. */
public final class FhirSandboxStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FhirSandboxStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
