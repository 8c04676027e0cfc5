package org.smartclinic.simulator.device.spiro;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Consumer;

import org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format;

/** A twin's settings as {@link Sp80Twin.Builder} resolved them (defaults applied); seed null = random. */
record Sp80TwinSettings(Path inbox, Duration interval, int count, Long seed, String patientId, String sampleId,
        boolean slowWrite, int badEvery, String serial, String firmware, Sp80Format.Style style, ZoneId deviceZone,
        Consumer<Sp80Twin.Exported> listener) {

    boolean malformed(int number) {
        return badEvery > 0 && number % badEvery == 0;
    }
}
