package org.smartclinic.drivers.instrument.iot.vitalsjson;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The vitals JSON vector files: MQTT payloads in, readings, status and rejections out. */
class VitalsJsonVectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(VitalsJsonDriver.DRIVER_ID).dynamicTests("vectors/vitals-json");
    }
}
