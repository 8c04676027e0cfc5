package org.smartclinic.drivers.instrument.spirometry.sp80;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The SP-80 vector files: export files in, the reading or the rejection and the file's settlement out. */
class Sp80VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(Sp80Driver.DRIVER_ID).dynamicTests("vectors/sp80");
    }
}
