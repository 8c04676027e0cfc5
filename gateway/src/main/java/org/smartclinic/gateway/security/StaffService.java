package org.smartclinic.gateway.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import jakarta.ws.rs.core.Response.Status;

import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.config.GatewayConfig;

/**
 * Staff accounts and sessions: the one-time setup of the first admin, logins (rate-limited, {@link LoginThrottle}),
 * sessions (a random 256-bit token in an HttpOnly cookie, stored hashed, ended by idle time, age, logout or a change
 * to the account), and account management for admins. Every change is written to the account audit trail.
 *
 * <p>First start: with no account, a one-time {@link SetupCode} is written to the data folder and the log says
 * where; {@code /setup} takes it with the first admin's name and password, and the file is deleted.
 */
@ApplicationScoped
public class StaffService {

    private static final Logger LOG = Logger.getLogger(StaffService.class);

    /** Who is logged in, for the authentication mechanism. */
    public record SessionIdentity(String username, Set<String> roles, String csrf) {
    }

    @Inject
    GatewayConfig gateway;

    @Inject
    SecurityConfig config;

    @Inject
    Clock clock;

    private StaffStore store;
    private PasswordHasher hasher;
    private LoginThrottle throttle;
    private SetupCode setupCode;
    private StaffSessions sessions;

    /** Before the gateway's own start-up (the embedded demo makes its accounts there). */
    void start(@Observes @Priority(1) StartupEvent e) {
        init(gateway.dataDir());
    }

    void init(Path dataDir) {
        store = new StaffStore(dataDir.resolve("staff.db"));
        hasher = new PasswordHasher(config.passwordIterations());
        sessions = new StaffSessions(store, config, clock);
        throttle = new LoginThrottle(config.loginAttempts(), config.loginAttemptsPerAddress(), config.loginWindow(),
                config.loginLockout(), config.loginMaxLockout(), clock);
        setupCode = new SetupCode(dataDir.resolve("setup-code"));
        if (store.countAccounts() == 0) {
            setupCode.write();
        } else {
            setupCode.delete();
        }
    }

    void stop(@Observes ShutdownEvent e) {
        if (store != null) {
            store.close();
        }
    }

    /** True until the first admin is created. */
    public boolean needsSetup() {
        return store.countAccounts() == 0;
    }

    public Path setupCodeFile() {
        return setupCode.file();
    }

    /** Creates the first admin with the one-time setup code (rate-limited like a login). */
    public synchronized StaffStore.Account setup(String code, String username, String displayName, String password) {
        if (!needsSetup()) {
            throw new ApiException(Status.CONFLICT, "the gateway is already set up",
                    "log in, or ask an admin for an account");
        }
        Optional<Duration> wait = throttle.wait("setup", "setup");
        if (wait.isPresent()) {
            throw new ApiException(Status.TOO_MANY_REQUESTS, "too many wrong setup codes",
                    "try again in " + Math.max(1, wait.get().toSeconds()) + " s");
        }
        try {
            setupCode.check(code);
        } catch (ApiException e) {
            throttle.failed("setup", "setup");
            throw e;
        }
        return create("setup", username, displayName, password, Set.of(Roles.ADMIN));
    }

    /** Creates an account; {@code actor} is who does it (for the audit trail). */
    public StaffStore.Account create(String actor, String username, String displayName, String password,
            Set<String> roles) {
        AccountRules.checkUsername(username);
        AccountRules.checkPassword(password, config.passwordMinLength());
        Set<String> checkedRoles = AccountRules.checkRoles(roles);
        String name = displayName == null || displayName.isBlank() ? username : AccountRules.checkDisplayName(displayName);
        StaffStore.Account a = new StaffStore.Account(username, name, checkedRoles,
                hasher.hash(password.toCharArray()), clock.instant(), actor, null);
        if (!store.insert(a)) {
            throw new ApiException(Status.CONFLICT, "the username " + username + " is taken", "choose another");
        }
        store.event(clock.instant(), actor, "account-created", username, String.join(",", checkedRoles));
        // Once any account exists (the embedded demo makes its own), the one-time setup code has no use left.
        setupCode.delete();
        LOG.infof("staff account %s created by %s with roles %s", username, actor, checkedRoles);
        return a;
    }

    /** Creates the account, or gives an existing one this password and these roles (the embedded demo's accounts). */
    public StaffStore.Account ensure(String actor, String username, String displayName, String password,
            Set<String> roles) {
        if (store.account(username).isEmpty()) {
            return create(actor, username, displayName, password, roles);
        }
        setPassword(actor, username, password);
        return update(actor, username, displayName, roles, false);
    }

    /** Changes name, roles or disabled state; ends the account's sessions when roles or state change. */
    public StaffStore.Account update(String actor, String username, String displayName, Set<String> roles,
            Boolean disabled) {
        StaffStore.Account a = existing(username);
        Set<String> newRoles = roles == null ? a.roles() : AccountRules.checkRoles(roles);
        Instant disabledAt = disabled == null ? a.disabledAt() : disabled ? clock.instant() : null;
        if (a.roles().contains(Roles.ADMIN) && a.active() && (!newRoles.contains(Roles.ADMIN) || disabledAt != null)
                && activeAdmins() <= 1) {
            throw new ApiException(Status.CONFLICT, "this is the last admin", "make another account admin first");
        }
        String name = displayName == null ? a.displayName() : AccountRules.checkDisplayName(displayName);
        StaffStore.Account updated = new StaffStore.Account(a.username(), name, newRoles, a.passwordHash(),
                a.createdAt(), a.createdBy(), disabledAt);
        store.update(updated);
        if (!newRoles.equals(a.roles()) || disabledAt != null) {
            endSessions(username);
        }
        store.event(clock.instant(), actor, "account-updated", username,
                "roles=" + String.join(",", newRoles) + (disabledAt != null ? " disabled" : ""));
        return updated;
    }

    /** Sets a new password; ends the account's other sessions. */
    public void setPassword(String actor, String username, String password) {
        StaffStore.Account a = existing(username);
        AccountRules.checkPassword(password, config.passwordMinLength());
        store.update(new StaffStore.Account(a.username(), a.displayName(), a.roles(),
                hasher.hash(password.toCharArray()), a.createdAt(), a.createdBy(), a.disabledAt()));
        endSessions(username);
        store.event(clock.instant(), actor, "password-set", username, null);
    }

    public List<StaffStore.Account> accounts() {
        return store.accounts();
    }

    public Optional<StaffStore.Account> account(String username) {
        return store.account(username);
    }

    public List<StaffStore.Event> events(int limit) {
        return store.events(limit);
    }

    /**
     * Checks a password and opens a session; returns its cookie token and identity.
     *
     * @throws ApiException 429 while the account or address is locked out, 401 for a wrong name or password (the
     *                      same answer for both)
     */
    public Map.Entry<String, SessionIdentity> login(String username, char[] password, String address) {
        StaffStore.Account a = authenticate(username, password, address);
        return Map.entry(openSession(a.username()), new SessionIdentity(a.username(), a.roles(), null));
    }

    /** Checks a password, rate-limited like a login, without opening a session. */
    public StaffStore.Account authenticate(String username, char[] password, String address) {
        String user = username == null ? "" : username.trim();
        Optional<Duration> wait = throttle.wait(user, address);
        if (wait.isPresent()) {
            throw new ApiException(Status.TOO_MANY_REQUESTS, "too many failed logins", "try again in "
                    + Math.max(1, wait.get().toSeconds()) + " s");
        }
        Optional<StaffStore.Account> account = user.length() > 64 ? Optional.empty() : store.account(user);
        boolean ok;
        if (account.isEmpty() || !account.get().active()) {
            hasher.verifyNothing(password);
            ok = false;
        } else {
            ok = hasher.verify(password, account.get().passwordHash());
        }
        String shown = user.length() > 64 ? user.substring(0, 64) : user;
        if (!ok) {
            throttle.failed(user, address);
            store.event(clock.instant(), "-", "login-failed", shown, address);
            LOG.infof("failed login for account %s from %s", shown, address);
            throw new ApiException(Status.UNAUTHORIZED, "wrong username or password", "check both; after "
                    + config.loginAttempts() + " failures logins pause for a while");
        }
        throttle.succeeded(user);
        StaffStore.Account a = account.get();
        if (hasher.outdated(a.passwordHash())) {
            store.update(new StaffStore.Account(a.username(), a.displayName(), a.roles(), hasher.hash(password),
                    a.createdAt(), a.createdBy(), a.disabledAt()));
        }
        return a;
    }

    /** Opens a session for an account already authenticated (local password or OIDC); returns the cookie token. */
    public String openSession(String username) {
        return sessions.open(username);
    }

    /**
     * Opens a session for a person the identity provider logged in: their local account is created or given the
     * roles of this login; a disabled account stays locked out.
     */
    public synchronized String openOidcSession(String username, Set<String> roles) {
        Optional<StaffStore.Account> a = store.account(username);
        if (a.isEmpty()) {
            create("oidc", username, username, AccountRules.token(32), roles);
        } else if (!a.get().active()) {
            throw new ApiException(Status.FORBIDDEN, "this account is disabled", "ask the clinic's admin");
        } else if (!a.get().roles().equals(roles)) {
            update("oidc", username, null, roles, null);
        }
        return openSession(username);
    }

    /** The identity behind a session cookie; empty when the session is unknown, expired or its account disabled. */
    public Optional<SessionIdentity> session(String token) {
        return sessions.identity(token);
    }

    public void logout(String token) {
        sessions.end(token);
    }

    private void endSessions(String username) {
        sessions.endAllOf(username);
    }

    @Scheduled(every = "10m", delayed = "1m")
    void expireSessions() {
        sessions.expire();
    }

    private long activeAdmins() {
        return store.accounts().stream().filter(a -> a.active() && a.roles().contains(Roles.ADMIN)).count();
    }

    private StaffStore.Account existing(String username) {
        return store.account(username == null ? "" : username)
                .orElseThrow(() -> new ApiException(Status.NOT_FOUND, "no account " + username, null));
    }

}
