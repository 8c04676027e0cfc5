package org.smartclinic.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Staff sessions: a random 256-bit cookie token, stored only as its SHA-256, with its CSRF token; ended by idle time,
 * age, logout or a change to the account. Sessions in use are cached by token hash, so a request does not read the
 * database (nor the account: roles are cached with the session), and their last use is written at most once a
 * minute.
 */
final class StaffSessions {

    /** How long a session's last use is remembered in memory before it is written again. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final StaffStore store;
    private final SecurityConfig config;
    private final Clock clock;
    /** Sessions in use with their account's roles, by token hash. */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * A session and its account's roles as they were when it was read. Any change to roles, password or state
     * ends the account's sessions ({@link #endAllOf}), so a cached entry is never staler than the account.
     */
    private record Cached(StaffStore.Session session, Set<String> roles) {
    }

    StaffSessions(StaffStore store, SecurityConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Opens a session for an account already authenticated (local password or OIDC); returns the cookie token. */
    String open(String username) {
        String token = AccountRules.token(32);
        Instant now = clock.instant();
        StaffStore.Session s = new StaffStore.Session(AccountRules.hash(token), username, AccountRules.token(24), now,
                now);
        store.saveSession(s);
        store.event(now, username, "login", username, null);
        return token;
    }

    /** The identity behind a session cookie; empty when the session is unknown, expired or its account disabled. */
    Optional<StaffService.SessionIdentity> identity(String token) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        String key = AccountRules.hash(token);
        Cached c = cache.get(key);
        if (c == null) {
            // Not in use since this gateway started: read the session and its account once.
            Optional<StaffStore.Session> stored = store.session(key);
            Optional<StaffStore.Account> a = stored.flatMap(x -> store.account(x.username()));
            if (stored.isEmpty() || a.isEmpty() || !a.get().active()) {
                end(token);
                return Optional.empty();
            }
            c = new Cached(stored.get(), a.get().roles());
        }
        StaffStore.Session s = c.session();
        Instant now = clock.instant();
        if (s.lastSeen().plus(config.sessionIdleTimeout()).isBefore(now)
                || s.createdAt().plus(config.sessionMaxAge()).isBefore(now)) {
            end(token);
            return Optional.empty();
        }
        if (Duration.between(s.lastSeen(), now).compareTo(TOUCH_EVERY) > 0) {
            s = new StaffStore.Session(s.tokenHash(), s.username(), s.csrf(), s.createdAt(), now);
            store.touchSession(key, now);
        }
        cache.put(key, new Cached(s, c.roles()));
        return Optional.of(new StaffService.SessionIdentity(s.username(), c.roles(), s.csrf()));
    }

    void end(String token) {
        if (token != null) {
            String key = AccountRules.hash(token);
            Cached c = cache.remove(key);
            store.deleteSession(key);
            if (c != null) {
                store.event(clock.instant(), c.session().username(), "logout", c.session().username(), null);
            }
        }
    }

    void endAllOf(String username) {
        cache.values().removeIf(c -> c.session().username().equals(username));
        store.deleteSessionsOf(username);
    }

    void expire() {
        Instant now = clock.instant();
        cache.values().removeIf(c -> c.session().lastSeen().plus(config.sessionIdleTimeout()).isBefore(now)
                || c.session().createdAt().plus(config.sessionMaxAge()).isBefore(now));
        store.deleteExpiredSessions(now.minus(config.sessionIdleTimeout()), now.minus(config.sessionMaxAge()));
    }
}
