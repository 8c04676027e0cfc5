package org.smartclinic.drivers.instrument.lab.ch200;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Ch200 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Ch200VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Ch200DriverFactory.DRIVER_ID).dynamicTests("vectors/ch200");
    }

    /** The folder holds the chemistry message with ETB frames, a damaged ETB frame, two messages in one transmission and an unknown code. */
    @Test
    void scenariosTheIssueAsksForArePresent() {
        assertThat(DriverVectorRunner.scenarios("vectors/ch200")).contains("chemistry", "etb-frame-bad-checksum", "two-messages-one-transmission", "unknown-test-code");
    }
}
