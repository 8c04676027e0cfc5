package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The OX-300 driver against every vector file in {@code vectors/ox300} (see the README there). */
class Ox300VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner("ox300").dynamicTests("vectors/ox300");
    }
}
