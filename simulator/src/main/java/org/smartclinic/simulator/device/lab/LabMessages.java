package org.smartclinic.simulator.device.lab;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;

/**
 * What one analyzer model says about its samples: the result messages, each a list of records without CRs, as
 * {@code docs/lab-analyzers.md} describes the model. Values come from {@code random} (seeded for reproducible
 * runs), times from {@code time} (the device clock).
 */
interface LabMessages {

    /** The result messages for {@code specimens}: one per sample, or one for all where the model does that. */
    List<List<String>> results(List<LabSpecimen> specimens, Random random, LocalDateTime time);
}
