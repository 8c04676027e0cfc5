package org.smartclinic.simulator.fhir.internal;

/**
 * One problem that makes an incoming resource unacceptable (severity error or fatal).
 *
 * @param fatal    {@code true} for FATAL, {@code false} for ERROR
 * @param location FHIRPath-like location, e.g. {@code Observation.component[0].value.ofType(Quantity)}
 * @param message  the validator's or parser's message
 */
public record ValidationIssue(boolean fatal, String location, String message) {
}
