package org.smartclinic.simulator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code simulator}: runs instrument twins and the FHIR sandbox from the command line, e.g.
 * {@code java -jar simulator/target/simulator.jar run bp-monitor --scenario normal --link /tmp/bp1}.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true, version = "simulator 0.1.0",
        description = "Simulated clinic instruments and a FHIR sandbox server for demos and tests.",
        subcommands = {RunCommand.class, FhirSandboxCommand.class, CommandLine.HelpCommand.class})
public final class SimulatorCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCli()).execute(args));
    }
}
