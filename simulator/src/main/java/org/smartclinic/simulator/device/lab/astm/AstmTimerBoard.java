package org.smartclinic.simulator.device.lab.astm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.smartclinic.drivers.codec.astm.link.AstmTimerRequest;

/**
 * Carries out the link codecs' {@link AstmTimerRequest}s on the twin's own thread: a deadline per timer name, no
 * thread and no scheduler, so a firing can never race the bytes the behaviour is handling. The behaviour reads with a
 * timeout up to {@link #untilNext}, then asks which timers are {@link #due()}.
 */
final class AstmTimerBoard {

    private final Map<String, Long> deadlines = new HashMap<>();

    void apply(AstmTimerRequest request) {
        switch (request) {
            case AstmTimerRequest.Arm arm -> deadlines.put(arm.name(), System.nanoTime() + arm.delay().toNanos());
            case AstmTimerRequest.Cancel cancel -> deadlines.remove(cancel.name());
        }
    }

    /** The timers whose deadline passed, oldest first; each is disarmed (a firing is once). */
    List<String> due() {
        long now = System.nanoTime();
        List<Map.Entry<String, Long>> passed = new ArrayList<>();
        for (Map.Entry<String, Long> e : deadlines.entrySet()) {
            if (now - e.getValue() >= 0) {
                passed.add(e);
            }
        }
        passed.sort(Map.Entry.comparingByValue());
        List<String> names = new ArrayList<>(passed.size());
        for (Map.Entry<String, Long> e : passed) {
            deadlines.remove(e.getKey());
            names.add(e.getKey());
        }
        return names;
    }

    /** How long until the next deadline, at most {@code most}; zero if one has passed. */
    Duration untilNext(Duration most) {
        long now = System.nanoTime();
        long wait = most.toNanos();
        for (long deadline : deadlines.values()) {
            wait = Math.min(wait, Math.max(0, deadline - now));
        }
        return Duration.ofNanos(wait);
    }

    void clear() {
        deadlines.clear();
    }
}
