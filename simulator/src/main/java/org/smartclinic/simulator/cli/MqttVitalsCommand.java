package org.smartclinic.simulator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.smartclinic.simulator.device.iot.VitalsJsonTwin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulator run mqtt-vitals}: an IoT vitals monitor publishing {@code smartclinic.vitals/1} JSON to an MQTT
 * broker. Prints one line per published message and the totals when done; Ctrl-C stops it.
 */
@Command(name = "mqtt-vitals", mixinStandardHelpOptions = true,
        description = {"Simulate an IoT vitals monitor publishing JSON (smartclinic.vitals/1) over MQTT, QoS 1.",
            "Point the gateway's device at the same topic; stop with Ctrl-C."})
public final class MqttVitalsCommand extends TwinCommand<VitalsJsonTwin> {

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
    VitalsJsonTwin start(UntilStopped run) throws IOException {
        return builder(run).start();
    }

    @Override
    List<String> cannotStart(IOException e) {
        return List.of("Cannot start the device: " + e.getMessage());
    }

    @Override
    void started(VitalsJsonTwin twin) {
        line(String.format("IoT vitals twin publishing to %s on %s, %s, every %s (Ctrl-C to stop)", topic, broker,
                count == 0 ? "until stopped" : count + " message(s)", interval.toMillis() + " ms"));
    }

    @Override
    int totals(VitalsJsonTwin twin) {
        line(String.format("Stats: published %d, failed publishes %d", twin.published().size(), twin.failures()));
        return 0;
    }

    private VitalsJsonTwin.Builder builder(UntilStopped run) throws IOException {
        if (interval.isZero() || interval.isNegative()) {
            throw usage("--interval must be more than 0, e.g. 500ms or 5s");
        }
        try {
            VitalsJsonTwin.Builder b = VitalsJsonTwin.builder(broker, topic).interval(interval).count(count)
                    .malformedEvery(malformedEvery).outOfSchemaEvery(outOfSchemaEvery)
                    .listener(p -> progress(p, run));
            given(clientId, b::clientId);
            given(seed, b::seed);
            if (username != null) {
                String secret = passwordFile == null ? ""
                        : Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                b.credentials(username, secret.toCharArray());
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw usage("Invalid option: " + e.getMessage());
        }
    }

    private void progress(VitalsJsonTwin.Published p, UntilStopped run) {
        Map<String, String> v = p.values();
        String what = switch (p.kind()) {
            case VITALS -> String.format("temp %s Cel  SpO2 %s %%  pulse %s /min  bp %s/%s (%s) mm[Hg]", v.get("temp"),
                    v.get("spo2"), v.get("pulse"), v.get("sys"), v.get("dia"), v.get("map"));
            case MALFORMED -> "not JSON (fault knob)";
            case OUT_OF_SCHEMA -> "out of schema: deviceId field (fault knob)";
        };
        line(String.format("#%d %s  %s", p.number(), p.msgId(), what));
        run.done(p.number(), count);
    }
}
