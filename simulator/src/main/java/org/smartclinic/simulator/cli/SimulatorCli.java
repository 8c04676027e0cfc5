package org.smartclinic.simulator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code simulator}: runs instrument twins and the FHIR sandbox from the command line, e.g.
 * {@code java -jar simulator/target/simulator.jar run bp-monitor --scenario normal --link /tmp/bp1}, or
 * {@code ... replay --driver bpm200 --link /tmp/bp1} to check the gateway against a driver's test vectors,
 * {@code ... lab lp100 --sample 1234567897 --pty /tmp/ttyLP1} for an ASTM analyzer, or
 * {@code ... astm-replay --capture lp100.astm --tcp-connect 127.0.0.1:5000} to replay what an analyzer sent.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true, version = "simulator 0.1.0",
        description = "Simulated clinic instruments and a FHIR sandbox server for demos and tests.",
        subcommands = {RunCommand.class, ReplayCommand.class, LabCommand.class, AstmReplayCommand.class,
            FhirSandboxCommand.class, LoadCommand.class, CommandLine.HelpCommand.class})
public final class SimulatorCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorCli()).execute(args));
    }
}
