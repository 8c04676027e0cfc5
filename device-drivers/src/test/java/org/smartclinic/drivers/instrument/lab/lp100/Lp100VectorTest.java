package org.smartclinic.drivers.instrument.lab.lp100;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Lp100 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Lp100VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Lp100DriverFactory.DRIVER_ID).dynamicTests("vectors/lp100");
    }
}
