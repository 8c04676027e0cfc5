package org.smartclinic.drivers.instrument.lab.el30;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The EL-30 vector files: analyzer bytes in, readings, rejections and answers out. */
class El30VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(El30Driver.DRIVER_ID).dynamicTests("vectors/el30");
    }
}
