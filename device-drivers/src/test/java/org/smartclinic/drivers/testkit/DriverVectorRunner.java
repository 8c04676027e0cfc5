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
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.FrameOutcome;

/**
 * Runs {@link DriverVector} files against a driver found by its id through {@link DeviceDriverFactory#find}:
 * one dynamic test per file. Each vector is fed whole, then split in two at every byte position, then one byte at
 * a time, then whole again after {@link DeviceDriver#reset()}; every way must render the same outcomes, and those
 * must equal the file's expectations. A file without expectations fails, printing what it decoded.
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

    /** Decodes {@code vector} every way and asserts the outcomes are its expectations. */
    public void check(DriverVector vector) {
        List<String> whole = run(vector, List.of(vector.input().length));
        String pasteable = String.join("\n", whole);
        assertThat(vector.expected())
                .withFailMessage("%s has no expectations (no 'out:' lines). It decoded to the lines below; check "
                        + "them against the protocol by hand and paste them into the file:%n%s", vector.name(),
                        pasteable)
                .isNotEmpty();
        assertThat(String.join("\n", OutcomeText.stripped(whole)))
                .as("%s, fed whole, decoded to:%n%s%n", vector.name(), pasteable)
                .isEqualTo(String.join("\n", vector.expected()));
        int length = vector.input().length;
        for (int split = 1; split < length; split++) {
            assertThat(run(vector, List.of(split, length - split))).as("%s split at byte %d", vector.name(), split)
                    .isEqualTo(whole);
        }
        List<Integer> bytewise = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            bytewise.add(1);
        }
        assertThat(run(vector, bytewise)).as("%s fed one byte at a time", vector.name()).isEqualTo(whole);
    }

    /** Feeds the input in chunks of the given sizes to a fresh driver, then whole again after a reset. */
    private List<String> run(DriverVector vector, List<Integer> chunks) {
        DeviceDriver driver = DeviceDriverFactory.find(driverId).orElseThrow()
                .create(new DriverContext(DEVICE_ID, vector.zone(), vector.options()));
        List<FrameOutcome> outcomes = new ArrayList<>();
        int offset = 0;
        for (int size : chunks) {
            outcomes.addAll(driver.decode(vector.input(), offset, size, RECEIVED_AT));
            offset += size;
        }
        assertInvariants(outcomes);
        driver.reset();
        List<String> rendered = OutcomeText.render(outcomes, driverId);
        assertThat(OutcomeText.render(driver.decode(vector.input(), 0, vector.input().length, RECEIVED_AT),
                driverId)).as("%s fed again after reset()", vector.name()).isEqualTo(rendered);
        return rendered;
    }

    /** What every reading must satisfy whatever the vector: context, receive time and raw frame carried over. */
    private static void assertInvariants(List<FrameOutcome> outcomes) {
        for (FrameOutcome outcome : outcomes) {
            if (outcome instanceof FrameOutcome.Accepted accepted) {
                assertThat(accepted.readings()).allSatisfy(r -> {
                    assertThat(r.deviceId()).isEqualTo(DEVICE_ID);
                    assertThat(r.receivedAt()).isEqualTo(RECEIVED_AT);
                    assertThat(r.rawFrame()).isEqualTo(accepted.printable());
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
}
