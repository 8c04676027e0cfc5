package org.smartclinic.drivers.lab.astm;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The generic driver's vector files (code table deploy/lab/example-lis2.codes): each leniency on and off. */
class AstmLis2VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(AstmLis2DriverFactory.DRIVER_ID).dynamicTests("vectors/astm-lis2");
    }
}
