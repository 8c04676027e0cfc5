package org.smartclinic.drivers.transport.tcp;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

/** Finds threads by name, to prove transports start and end theirs. */
final class Threads {

    private Threads() {
    }

    static Optional<Thread> named(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
    }

    /** Waits up to 2 s for no thread to be called {@code name}; true when gone (fails otherwise). */
    static boolean gone(String name) {
        await().atMost(Duration.ofSeconds(2)).until(() -> named(name).isEmpty());
        return true;
    }
}
