package org.smartclinic.drivers.instrument.bp.bpm200;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The BPM-200 vector files: device bytes in, readings, rejections and answers out. */
class Bpm200VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Bpm200Driver.DRIVER_ID).dynamicTests("vectors/bpm200");
    }
}
