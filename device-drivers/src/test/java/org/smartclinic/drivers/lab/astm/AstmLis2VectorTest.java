package org.smartclinic.drivers.lab.astm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smartclinic.drivers.lab.LabSetting;
import org.smartclinic.drivers.testkit.DriverVectorRunner;

/** The generic driver's vector files (code table deploy/lab/example-lis2.codes): each leniency on and off. */
class AstmLis2VectorTest {

    @TestFactory
    Stream<DynamicTest> vectors() {
        return new DriverVectorRunner(AstmLis2DriverFactory.DRIVER_ID).dynamicTests("vectors/astm-lis2");
    }

    /** Every leniency switch has a vector with it on and one with it off, plus the plain cases. */
    @Test
    void everySwitchIsProvenOnAndOff() {
        List<String> scenarios = DriverVectorRunner.scenarios("vectors/astm-lis2");
        for (LabSetting setting : LabSetting.values()) {
            assertThat(scenarios).as(setting.key()).contains(setting.key() + "-on", setting.key() + "-off");
        }
        assertThat(scenarios).contains("normal", "unknown-test-code", "ordinal-and-text");
    }
}
