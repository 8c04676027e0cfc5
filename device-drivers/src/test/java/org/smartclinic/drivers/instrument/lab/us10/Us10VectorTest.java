package org.smartclinic.drivers.instrument.lab.us10;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Us10 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Us10VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Us10DriverFactory.DRIVER_ID).dynamicTests("vectors/us10");
    }
}
