package org.smartclinic.drivers.instrument.lab.ch200;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The Ch200 vector files: analyzer bytes in, readings, rejections, answers and host-query answers out. */
class Ch200VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Ch200DriverFactory.DRIVER_ID).dynamicTests("vectors/ch200");
    }
}
