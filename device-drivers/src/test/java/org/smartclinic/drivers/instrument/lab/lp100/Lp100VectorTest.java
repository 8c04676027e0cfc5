package org.smartclinic.drivers.instrument.lab.lp100;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Lp100 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Lp100VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Lp100DriverFactory.DRIVER_ID).dynamicTests("vectors/lp100");
    }

    /** The folder holds every cartridge, every link fault the issue names, and the host-query conversation. */
    @Test
    void scenariosTheIssueAsksForArePresent() {
        assertThat(DriverVectorRunner.scenarios("vectors/lp100")).contains("hba1c", "lipid-panel", "crp", "acr", "bad-checksum-then-retransmit", "lost-ack-duplicate",
                "garbage-between-frames", "eot-mid-message", "overlong-frame", "wrong-frame-number", "timeout",
                "contention", "host-query", "host-query-unknown", "host-query-nak-retry", "host-query-timeout");
    }
}
