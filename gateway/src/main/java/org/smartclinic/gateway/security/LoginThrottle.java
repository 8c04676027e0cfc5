package org.smartclinic.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rate limit for logins, per account and per client address: {@code attempts} failures of one account (or
 * {@code addressAttempts} from one address) within {@code window} lock that key out for {@code lockout}, doubling with each further lock-out up to {@code maxLockout}; a success
 * clears the account's key. Guessing is slowed for one account from many addresses and for many accounts from one
 * address. Keys are kept in a bounded map (oldest forgotten first), so a flood of made-up names cannot grow memory.
 */
public final class LoginThrottle {

    private static final int MAX_KEYS = 10_000;

    private final int attempts;
    private final int addressAttempts;
    private final Duration window;
    private final Duration lockout;
    private final Duration maxLockout;
    private final Clock clock;
    private final Map<String, State> states = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private static final class State {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil = Instant.MIN;
        int lockouts;
    }

    public LoginThrottle(int attempts, int addressAttempts, Duration window, Duration lockout, Duration maxLockout,
            Clock clock) {
        this.attempts = attempts;
        this.addressAttempts = addressAttempts;
        this.window = window;
        this.lockout = lockout;
        this.maxLockout = maxLockout;
        this.clock = clock;
    }

    /** How long {@code account} from {@code address} must wait before trying again; empty if it may try now. */
    public synchronized Optional<Duration> wait(String account, String address) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys(account, address)) {
            State s = states.get(key);
            if (s != null && s.lockedUntil.isAfter(now)) {
                Duration d = Duration.between(now, s.lockedUntil);
                longest = d.compareTo(longest) > 0 ? d : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts a failed login. */
    public synchronized void failed(String account, String address) {
        Instant now = clock.instant();
        for (String key : keys(account, address)) {
            State s = states.computeIfAbsent(key, k -> new State());
            s.failures.addLast(now);
            while (!s.failures.isEmpty() && s.failures.peekFirst().isBefore(now.minus(window))) {
                s.failures.removeFirst();
            }
            if (s.failures.size() >= (key.startsWith("address:") ? addressAttempts : attempts)) {
                Duration d = lockout.multipliedBy(1L << Math.min(s.lockouts, 20));
                s.lockedUntil = now.plus(d.compareTo(maxLockout) > 0 ? maxLockout : d);
                s.lockouts++;
                s.failures.clear();
            }
        }
    }

    /** A successful login: the account's failures are forgotten (the address's stay). */
    public synchronized void succeeded(String account) {
        states.remove("account:" + account);
    }

    private static String[] keys(String account, String address) {
        return new String[] {"account:" + account, "address:" + address};
    }
}
