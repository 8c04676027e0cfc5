package org.smartclinic.drivers.instrument.lab.el30;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The EL-30 vector files: analyzer bytes in, readings, rejections and answers out. */
class El30VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(El30Driver.DRIVER_ID).dynamicTests("vectors/el30");
    }

    /** The folder holds normal and flagged reports, range forms, a bad checksum then a good report, a lost ACK, noise, cut and
     * overlong reports, bad values and a kept unknown analyte. */
    @Test
    void scenariosTheIssueAsksForArePresent() {
        assertThat(DriverVectorRunner.scenarios("vectors/el30")).contains("normal", "flags-high-low", "range-forms", "no-sample-id", "bad-checksum-then-good",
                "lost-ack-resend-same-key", "garbage-before-stx", "etx-missing", "overlong", "malformed-value",
                "unknown-analyte-kept");
    }
}
