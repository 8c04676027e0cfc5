package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.smartclinic.simulator.device.iot.VitalsJsonTwin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulator run mqtt-vitals}: an IoT vitals monitor publishing {@code smartclinic.vitals/1} JSON to an MQTT
 * broker. Prints one line per published message and the totals when done; Ctrl-C stops it.
 */
@Command(name = "mqtt-vitals", mixinStandardHelpOptions = true,
        description = {"Simulate an IoT vitals monitor publishing JSON (smartclinic.vitals/1) over MQTT, QoS 1.",
            "Point the gateway's device at the same topic; stop with Ctrl-C."})
public final class MqttVitalsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--broker", required = true, paramLabel = "URL", description = "Broker, e.g. tcp://127.0.0.1:1883.")
    String broker;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC",
            description = "Topic to publish to, e.g. clinic/devices/iot-1/vitals.")
    String topic;

    @Option(names = "--client-id", paramLabel = "ID", description = "The device's MQTT client id. Default: random.")
    String clientId;

    @Option(names = "--interval", defaultValue = "5s", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "Pause between messages. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--count", defaultValue = "0", paramLabel = "N",
            description = "Messages to publish, 0 = until stopped. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for reproducible values.")
    Long seed;

    @Option(names = "--malformed-every", defaultValue = "0", paramLabel = "N",
            description = "Every N-th message is not JSON (0 = never).")
    int malformedEvery;

    @Option(names = "--out-of-schema-every", defaultValue = "0", paramLabel = "N",
            description = "Every N-th message has a field the schema refuses (0 = never).")
    int outOfSchemaEvery;

    @Option(names = "--username", paramLabel = "USER", description = "Broker user name.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the password.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        VitalsJsonTwin twin;
        try {
            twin = builder(out, done).start();
        } catch (IOException e) {
            spec.commandLine().getErr().println("Cannot start the device: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        Thread onTerm = new Thread(done::countDown, "mqtt-vitals-shutdown");
        Runtime.getRuntime().addShutdownHook(onTerm);
        try (twin) {
            out.printf("IoT vitals twin publishing to %s on %s, %s, every %s (Ctrl-C to stop)%n", topic, broker,
                    count == 0 ? "until stopped" : count + " message(s)", interval.toMillis() + " ms");
            out.flush();
            done.await();
        }
        out.printf("Stats: published %d, failed publishes %d%n", twin.published().size(), twin.failures());
        out.flush();
        try {
            Runtime.getRuntime().removeShutdownHook(onTerm);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook released us.
        }
        return 0;
    }

    private VitalsJsonTwin.Builder builder(PrintWriter out, CountDownLatch done) throws IOException {
        if (interval.isZero() || interval.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--interval must be more than 0, e.g. 500ms or 5s");
        }
        try {
            VitalsJsonTwin.Builder b = VitalsJsonTwin.builder(broker, topic).interval(interval).count(count)
                    .malformedEvery(malformedEvery).outOfSchemaEvery(outOfSchemaEvery)
                    .listener(p -> progress(out, p, done));
            if (clientId != null) {
                b.clientId(clientId);
            }
            if (seed != null) {
                b.seed(seed);
            }
            if (username != null) {
                String secret = passwordFile == null ? ""
                        : Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                b.credentials(username, secret.toCharArray());
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid option: " + e.getMessage());
        }
    }

    private void progress(PrintWriter out, VitalsJsonTwin.Published p, CountDownLatch done) {
        Map<String, String> v = p.values();
        String what = switch (p.kind()) {
            case VITALS -> String.format("temp %s Cel  SpO2 %s %%  pulse %s /min  bp %s/%s (%s) mm[Hg]", v.get("temp"),
                    v.get("spo2"), v.get("pulse"), v.get("sys"), v.get("dia"), v.get("map"));
            case MALFORMED -> "not JSON (fault knob)";
            case OUT_OF_SCHEMA -> "out of schema: deviceId field (fault knob)";
        };
        synchronized (out) {
            out.printf("#%d %s  %s%n", p.number(), p.msgId(), what);
            out.flush();
        }
        if (count > 0 && p.number() >= count) {
            done.countDown();
        }
    }
}
