package org.smartclinic.simulator.device.bp;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** A twin's resolved settings (defaults applied), as built by {@link Bpm200Twin.Builder}. */
record Bpm200TwinSettings(
        Path link,
        Bpm200Twin.Scenario scenario,
        List<Bpm200Twin.BpValues> script,
        int count,
        Duration interval,
        Duration heartbeat,
        Duration ackTimeout,
        int maxRetries,
        long seed,
        ZoneId deviceZone,
        String unit,
        int badChecksumEvery,
        Set<Integer> badChecksumOn,
        int garbageEvery,
        int unplugAfter,
        Duration replugAfter,
        Bpm200Twin.Listener listener) {

    boolean badChecksumFor(int number) {
        return badChecksumOn.contains(number) || (badChecksumEvery > 0 && number % badChecksumEvery == 0);
    }

    /** True if a frame that was sent {@code retries} extra times may be sent once more; negative = forever. */
    boolean mayRetry(int retries) {
        return maxRetries < 0 || retries < maxRetries;
    }

    boolean garbageBefore(int number) {
        return garbageEvery > 0 && number % garbageEvery == 0;
    }
}
