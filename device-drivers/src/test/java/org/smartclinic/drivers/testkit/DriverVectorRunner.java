package org.smartclinic.drivers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.internal.Exchange;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.transport.Delivery;

/**
 * Runs {@link DriverVector} files against a driver found by its id through {@link DeviceDriverFactory#find}:
 * one dynamic test per file. A stream vector is fed whole, then split in two at every byte position, then one
 * byte at a time, then whole again after {@link DeviceDriver#reset()}; every way must render the same outcomes.
 * "Whole" means per segment: {@code timer:} lines (which fire the driver's timer there, if armed) and
 * {@code wait:} lines (the device waits for the gateway's answer) end a segment, and input is never fed across
 * them in one call.
 * A message vector is fed message by message, each settled as the link settles it (with every store
 * succeeding), then fed again to the same driver: a redelivered message must decode to the same outcomes, so its
 * readings keep their keys and are stored once. Either way the outcomes must equal the file's expectations; a
 * file without expectations fails, printing what it decoded.
 */
public final class DriverVectorRunner {

    /** Device id given to the driver; every reading must carry it. */
    public static final String DEVICE_ID = "vector-device";
    /** Receive time given to the driver; every reading must carry it. */
    public static final Instant RECEIVED_AT = Instant.parse("2026-11-23T12:00:00Z");

    private final String driverId;

    public DriverVectorRunner(String driverId) {
        this.driverId = driverId;
    }

    /** One dynamic test per {@code *.vec} file in the class-path folder {@code resourceFolder}, by name. */
    public Stream<DynamicTest> dynamicTests(String resourceFolder) {
        List<Path> files = vectorFiles(resourceFolder);
        assertThat(files).as("vector files in %s", resourceFolder).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), file.toUri(),
                () -> check(DriverVector.parse(file.getFileName().toString(), Files.readString(file,
                        StandardCharsets.UTF_8)))));
    }

    /** The scenario names (file names without {@code .vec}) in the class-path folder {@code resourceFolder}. */
    public static List<String> scenarios(String resourceFolder) {
        return vectorFiles(resourceFolder).stream().map(p -> p.getFileName().toString().replaceFirst("\\.vec$", ""))
                .toList();
    }

    /** Decodes {@code vector} every way and asserts the outcomes are its expectations. */
    public void check(DriverVector vector) {
        List<String> whole = vector.isMessages() ? runMessages(vector) : runStream(vector, List.of(vector.input().length));
        String pasteable = String.join("\n", whole);
        assertThat(vector.expected())
                .withFailMessage("%s has no expectations (no 'out:' lines). It decoded to the lines below; check "
                        + "them against the protocol by hand and paste them into the file:%n%s", vector.name(),
                        pasteable)
                .isNotEmpty();
        assertThat(String.join("\n", OutcomeText.stripped(whole)))
                .as("%s, fed whole, decoded to:%n%s%n", vector.name(), pasteable)
                .isEqualTo(String.join("\n", vector.expected()));
        if (vector.isMessages()) {
            return;
        }
        int length = vector.input().length;
        for (int split = 1; split < length; split++) {
            if (atBoundary(vector, split)) {
                continue;
            }
            assertThat(runStream(vector, List.of(split, length - split))).as("%s split at byte %d", vector.name(),
                    split).isEqualTo(whole);
        }
        List<Integer> bytewise = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            bytewise.add(1);
        }
        assertThat(runStream(vector, bytewise)).as("%s fed one byte at a time", vector.name()).isEqualTo(whole);
    }

    private static boolean atBoundary(DriverVector vector, int offset) {
        return vector.timers().stream().anyMatch(t -> t.at() == offset);
    }

    private DeviceDriver driver(DriverVector vector, VectorChannel channel) {
        DeviceDriver driver = DeviceDriverFactory.find(driverId).orElseThrow()
                .create(new DriverContext(DEVICE_ID, vector.zone(), vector.options(), vector.hostQueries()));
        driver.bind(channel);
        return driver;
    }

    /** Feeds the input in chunks of the given sizes to a fresh driver, then whole again after a reset. */
    private List<String> runStream(DriverVector vector, List<Integer> chunks) {
        VectorChannel channel = new VectorChannel();
        StreamDriver driver = (StreamDriver) driver(vector, channel);
        List<String> rendered = new ArrayList<>();
        feed(vector, driver, channel, chunks, rendered);
        driver.reset();
        channel.cancelAll();
        List<String> again = new ArrayList<>();
        feed(vector, driver, channel, List.of(vector.input().length), again);
        assertThat(again).as("%s fed again after reset()", vector.name()).isEqualTo(rendered);
        return rendered;
    }

    /** Feeds the chunks, each cut where a timer fires, and fires the timers at their offsets. */
    private void feed(DriverVector vector, StreamDriver driver, VectorChannel channel, List<Integer> chunks,
            List<String> rendered) {
        List<DriverVector.Timer> timers = vector.timers();
        int next = 0;
        int offset = 0;
        for (int size : chunks) {
            int end = offset + size;
            while (offset < end || (next < timers.size() && timers.get(next).at() == offset)) {
                if (next < timers.size() && timers.get(next).at() == offset) {
                    fire(driver, channel, timers.get(next++).name(), rendered);
                    continue;
                }
                int stop = next < timers.size() ? Math.min(end, timers.get(next).at()) : end;
                List<Outcome> outcomes = driver.decode(vector.input(), offset, stop - offset, RECEIVED_AT);
                assertInvariants(outcomes);
                renderCall(channel, outcomes, rendered);
                offset = stop;
            }
        }
        while (next < timers.size()) {
            fire(driver, channel, timers.get(next++).name(), rendered);
        }
    }

    private void fire(StreamDriver driver, VectorChannel channel, String name, List<String> rendered) {
        if (name.isEmpty()) {
            return;
        }
        if (!channel.fire(name)) {
            rendered.add("out: timer " + name + " not armed");
            return;
        }
        rendered.add("out: timer " + name + " fired");
        List<Outcome> outcomes = driver.onTimer(name, RECEIVED_AT);
        assertInvariants(outcomes);
        renderCall(channel, outcomes, rendered);
    }

    /** Feeds each message, settles it as the link would, then feeds them all again (a redelivery). */
    private List<String> runMessages(DriverVector vector) {
        VectorChannel channel = new VectorChannel();
        MessageDriver driver = (MessageDriver) driver(vector, channel);
        List<String> rendered = messagesOnce(vector, driver, channel);
        assertThat(messagesOnce(vector, driver, channel)).as("%s delivered again", vector.name())
                .isEqualTo(rendered);
        return rendered;
    }

    private List<String> messagesOnce(DriverVector vector, MessageDriver driver, VectorChannel channel) {
        List<String> rendered = new ArrayList<>();
        Exchange exchange = new Exchange(DEVICE_ID, driver, accepted -> { }, new LinkListener() { });
        for (InboundMessage m : vector.messages()) {
            InboundMessage message = new InboundMessage(m.source(), m.payload(), RECEIVED_AT, m.attributes());
            List<Outcome> outcomes = driver.onMessage(message);
            assertInvariants(outcomes);
            renderCall(channel, outcomes, rendered);
            RecordingDelivery delivery = new RecordingDelivery();
            exchange.onMessage(outcomes, delivery);
            rendered.add(delivery.line());
        }
        return rendered;
    }

    private void renderCall(VectorChannel channel, List<Outcome> outcomes, List<String> rendered) {
        byte[] sent = channel.takeSent();
        if (sent.length > 0) {
            rendered.add("out: sent [" + Printable.of(sent) + "]");
        }
        rendered.addAll(OutcomeText.render(outcomes, driverId));
    }

    /** What every reading must satisfy whatever the vector: the context's device id and the receive time. */
    private static void assertInvariants(List<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (outcome instanceof Outcome.Accepted accepted) {
                assertThat(accepted.readings()).allSatisfy(r -> {
                    assertThat(r.deviceId()).isEqualTo(DEVICE_ID);
                    assertThat(r.receivedAt()).isEqualTo(RECEIVED_AT);
                });
            }
        }
    }

    private static List<Path> vectorFiles(String resourceFolder) {
        URL url = DriverVectorRunner.class.getClassLoader().getResource(resourceFolder);
        assertThat(url).as("class-path folder %s", resourceFolder).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".vec")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records how the link settled a message. */
    private static final class RecordingDelivery implements Delivery {
        private String line = "out: settled nothing (the link never settled the message)";

        @Override
        public void accept(byte[] reply) {
            line = OutcomeText.settlement("accept", reply);
        }

        @Override
        public void reject(String reason, byte[] reply) {
            line = OutcomeText.settlement("reject", reply) + " reason=" + reason;
        }

        @Override
        public void retry(String reason, byte[] reply) {
            line = OutcomeText.settlement("retry", reply);
        }

        String line() {
            return line;
        }
    }
}
