package org.smartclinic.drivers.instrument.lab.hx3;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Hx3 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Hx3VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Hx3DriverFactory.DRIVER_ID).dynamicTests("vectors/hx3");
    }
}
