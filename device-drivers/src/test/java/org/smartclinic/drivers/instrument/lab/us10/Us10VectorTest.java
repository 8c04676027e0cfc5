package org.smartclinic.drivers.instrument.lab.us10;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Us10 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Us10VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Us10DriverFactory.DRIVER_ID).dynamicTests("vectors/us10");
    }

    /** The folder holds padded ordinals, and each of its two leniencies switched off. */
    @Test
    void scenariosTheIssueAsksForArePresent() {
        assertThat(DriverVectorRunner.scenarios("vectors/us10")).contains("urine-strip", "trim-values-off", "lower-case-checksum-off");
    }
}
