package org.smartclinic.gateway.uplink.auth;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the current access token and fetches a new one when it is due for refresh or was refused. Single flight:
 * when many requests need a token at once, one fetches it and the others wait for that fetch and share its result
 * (its token, or its failure).
 */
public final class TokenCache {

    /** Fetches a token from the token endpoint. */
    @FunctionalInterface
    public interface Source {
        AccessToken fetch() throws EhrAuthException;
    }

    private final Source source;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicReference<AccessToken> current = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int completed;
    private volatile EhrAuthException lastFailure;

    public TokenCache(Source source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** A token that is not yet due for refresh; fetched if needed (once for all callers waiting at that moment). */
    public AccessToken token() throws EhrAuthException {
        AccessToken token = current.get();
        if (fresh(token)) {
            return token;
        }
        int seen = completed;
        lock.lock();
        try {
            token = current.get();
            if (fresh(token)) {
                return token;
            }
            if (completed != seen && lastFailure != null) {
                throw lastFailure; // the fetch this caller waited for failed: share its failure, do not hammer
            }
            fetches.incrementAndGet();
            try {
                token = source.fetch();
                lastFailure = null;
                current.set(token);
                return token;
            } catch (EhrAuthException e) {
                lastFailure = e;
                throw e;
            } finally {
                completed++; // only this thread writes it, under the lock
            }
        } finally {
            lock.unlock();
        }
    }

    /** The EHR refused {@code value}: the next {@link #token()} fetches a new one (unless that already happened). */
    public void invalidate(String value) {
        AccessToken token = current.get();
        if (token != null && token.value().equals(value)) {
            current.compareAndSet(token, null);
        }
    }

    /** How many times a token was fetched (or tried). */
    public int fetches() {
        return fetches.get();
    }

    /** Callers waiting for a fetch in progress (for tests). */
    int waiting() {
        return lock.getQueueLength();
    }

    private boolean fresh(AccessToken token) {
        return token != null && clock.instant().isBefore(token.refreshAt());
    }
}
