package org.smartclinic.simulator.cli;

import picocli.CommandLine.Command;

/** {@code simulator run <instrument>}: one subcommand per instrument twin. */
@Command(name = "run", description = "Run a simulated instrument.", mixinStandardHelpOptions = true,
        subcommands = {BpMonitorCommand.class, OximeterCommand.class, SpirometerCommand.class,
                MqttVitalsCommand.class, El30Command.class})
public final class RunCommand {
}
