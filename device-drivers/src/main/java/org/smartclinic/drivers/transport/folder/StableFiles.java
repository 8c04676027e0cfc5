package org.smartclinic.drivers.transport.folder;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the poller knows about the files in the inbox: since when each has kept its size and modification time, and
 * when a file that was left for later may be offered again. A file first seen now counts as changed now (its
 * modification time is not trusted as "unchanged since": clocks of network shares and PCs differ). Not
 * thread-safe: the transport guards it with its lock.
 */
final class StableFiles {

    /** Wait before a file left for later is offered again, doubled per retry up to {@link #MAX_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** One regular file as a listing saw it. */
    record Listed(Path path, long size, FileTime modified) {
    }

    private record Seen(Listed file, long sinceNanos) {
    }

    private record Retry(int attempts, long dueNanos) {
    }

    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<Path, Retry> retries = new HashMap<>();

    /** Records a listing of the inbox at {@code now}; files no longer listed are forgotten. */
    void update(List<Listed> listed, long now) {
        Set<Path> present = new HashSet<>();
        for (Listed file : listed) {
            present.add(file.path());
            Seen before = seen.get(file.path());
            if (before == null || before.file().size() != file.size()
                    || !before.file().modified().equals(file.modified())) {
                seen.put(file.path(), new Seen(file, now));
            }
        }
        seen.keySet().retainAll(present);
        retries.keySet().retainAll(present);
    }

    /**
     * The file to offer next: at most {@code maxSize} bytes, unchanged for {@code stableFor}, not waiting out a
     * retry; oldest modification time first (then name); null if none.
     */
    Listed next(long now, Duration stableFor, long maxSize) {
        return seen.values().stream()
                .filter(s -> s.file().size() <= maxSize && now - s.sinceNanos() >= stableFor.toNanos())
                .filter(s -> notWaiting(s.file().path(), now))
                .map(Seen::file)
                .min(Comparator.comparing(Listed::modified).thenComparing(Listed::path))
                .orElse(null);
    }

    /** Files over {@code maxSize} bytes not waiting out a retry, whether stable or not. */
    List<Listed> oversized(long now, long maxSize) {
        return seen.values().stream().map(Seen::file)
                .filter(f -> f.size() > maxSize && notWaiting(f.path(), now)).toList();
    }

    private boolean notWaiting(Path file, long now) {
        Retry retry = retries.get(file);
        return retry == null || now - retry.dueNanos() >= 0;
    }

    /** The file turned out to be still changing: it has to be stable again from {@code now}. */
    void changed(Path file, long now) {
        Seen before = seen.get(file);
        if (before != null) {
            seen.put(file, new Seen(before.file(), now));
        }
    }

    /** Leaves {@code file} for later: offered again after its backoff. */
    void retryLater(Path file, long now) {
        int attempts = retries.containsKey(file) ? retries.get(file).attempts() + 1 : 1;
        retries.put(file, new Retry(attempts, now + backoff(attempts).toNanos()));
    }

    /** The file left the inbox (or will not be offered again until it changes). */
    void forget(Path file) {
        seen.remove(file);
        retries.remove(file);
    }

    /** 1 s, 2 s, 4 s ... up to 30 s. */
    static Duration backoff(int attempts) {
        Duration wait = FIRST_RETRY;
        for (int i = 1; i < attempts && wait.compareTo(MAX_RETRY) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
    }
}
