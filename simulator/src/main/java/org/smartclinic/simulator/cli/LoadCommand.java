package org.smartclinic.simulator.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.smartclinic.simulator.load.MqttLoad;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulator load}: many simulated MQTT vitals devices publishing QoS 1 as fast as the broker acknowledges, or
 * at a given rate ({@code --rate}), for the ingest benchmark (docs/benchmarks.md). Register them in the gateway as
 * devices {@code load-1} .. {@code load-<n>}, driver {@code vitals-json}, topic {@code <prefix>/load-<n>/vitals}.
 * Exits 1 if any publish failed or the run did not finish in time.
 */
@Command(name = "load", description = "Publish vitals from many simulated MQTT devices, as fast as possible or at"
        + " a given rate.",
        mixinStandardHelpOptions = true)
public final class LoadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker URL (default: ${DEFAULT-VALUE}).")
    private String broker;

    @Option(names = "--topic-prefix", defaultValue = "clinic/devices", description = "Topic prefix (default: ${DEFAULT-VALUE}).")
    private String prefix;

    @Option(names = "--devices", defaultValue = "20", description = "Simulated devices (default: ${DEFAULT-VALUE}).")
    private int devices;

    @Option(names = "--messages", defaultValue = "5000", description = "Messages per device (default: ${DEFAULT-VALUE}).")
    private int messages;

    @Option(names = "--inflight", defaultValue = "500",
            description = "Unacknowledged publishes per device at most (default: ${DEFAULT-VALUE}).")
    private int inflight;

    @Option(names = "--readings-per-message", defaultValue = "1",
            description = "Readings per message: 1 sends single messages, more sends batches of stored readings"
                    + " (smartclinic.vitals-batch/1, at most 500) (default: ${DEFAULT-VALUE}).")
    private int perMessage;

    @Option(names = "--rate", defaultValue = "0",
            description = "Messages per second of all devices together, each device its share at an even pace;"
                    + " 0 for as fast as the broker acknowledges (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "Longest run (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        MqttLoad load = new MqttLoad(broker, prefix, devices, messages, inflight, perMessage, rate);
        MqttLoad.Result r = load.run(timeout);
        out.printf(Locale.ROOT, "published %d messages of %d reading(s) (broker-acknowledged), %d failed, in %.1f s:"
                + " %.0f messages/s, %.0f readings/s%n", r.acknowledged(), perMessage, r.failed(),
                r.took().toMillis() / 1000.0, r.perSecond(), r.perSecond() * perMessage);
        out.flush();
        return r.failed() == 0 ? 0 : 1;
    }
}
