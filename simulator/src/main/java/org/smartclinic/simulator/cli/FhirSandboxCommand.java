package org.smartclinic.simulator.cli;

import picocli.CommandLine.Command;

/** {@code simulator fhir-sandbox}: serves the in-memory FHIR R4 sandbox until interrupted. */
@Command(name = "fhir-sandbox", description = "Serve the in-memory FHIR R4 sandbox.", mixinStandardHelpOptions = true)
public final class FhirSandboxCommand {
}
