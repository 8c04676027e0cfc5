package org.smartclinic.drivers.instrument.lab.hx3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Hx3 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Hx3VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Hx3DriverFactory.DRIVER_ID).dynamicTests("vectors/hx3");
    }

    /** The folder holds the CBC panel, result statuses, a unit mismatch and an unknown code. */
    @Test
    void scenariosTheIssueAsksForArePresent() {
        assertThat(DriverVectorRunner.scenarios("vectors/hx3")).contains("cbc", "status-cancelled-corrected-preliminary", "unit-mismatch", "unknown-test-code");
    }
}
