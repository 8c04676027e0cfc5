package org.smartclinic.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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
 * <p>First start: with no account, a one-time setup code is written to {@code <data dir>/setup-code} (mode 0600)
 * and the log says where; {@code /setup} takes it with the first admin's name and password, and the file is deleted.
 */
@ApplicationScoped
public class StaffService {

    private static final Logger LOG = Logger.getLogger(StaffService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Usernames: letters, digits, dot, dash, underscore; 2..64. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,63}");
    public static final int MAX_PASSWORD = 200;
    public static final int MAX_DISPLAY_NAME = 100;
    /** How long a session's last use is remembered in memory before it is written again. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

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
    private Path setupCodeFile;
    /** Sessions in use, by token hash, so a request does not read the database. */
    private final Map<String, StaffStore.Session> cache = new ConcurrentHashMap<>();

    /** Before the gateway's own start-up (the embedded demo makes its accounts there). */
    void start(@Observes @Priority(1) StartupEvent e) {
        init(gateway.dataDir());
    }

    void init(Path dataDir) {
        store = new StaffStore(dataDir.resolve("staff.db"));
        hasher = new PasswordHasher(config.passwordIterations());
        throttle = new LoginThrottle(config.loginAttempts(), config.loginAttemptsPerAddress(), config.loginWindow(),
                config.loginLockout(), config.loginMaxLockout(), clock);
        setupCodeFile = dataDir.resolve("setup-code");
        if (store.countAccounts() == 0) {
            writeSetupCode();
        } else {
            deleteSetupCode();
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
        return setupCodeFile;
    }

    private void writeSetupCode() {
        try {
            if (!Files.exists(setupCodeFile)) {
                Files.createFile(setupCodeFile);
                restrict(setupCodeFile);
                Files.writeString(setupCodeFile, token(12) + "\n", StandardCharsets.US_ASCII);
            }
            LOG.infof("No staff account yet: open /setup in a browser and enter the setup code from %s "
                    + "to create the first admin", setupCodeFile.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the setup code to " + setupCodeFile, e);
        }
    }

    private void deleteSetupCode() {
        try {
            Files.deleteIfExists(setupCodeFile);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", setupCodeFile, e.getMessage());
        }
    }

    /** Creates the first admin with the one-time setup code. */
    public synchronized StaffStore.Account setup(String code, String username, String displayName, String password) {
        if (!needsSetup()) {
            throw new ApiException(Status.CONFLICT, "the gateway is already set up", "log in, or ask an admin for an account");
        }
        String expected;
        try {
            expected = Files.readString(setupCodeFile, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new ApiException(Status.CONFLICT, "there is no setup code", "restart the gateway: it writes a new one to "
                    + setupCodeFile.toAbsolutePath());
        }
        if (code == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                code.trim().getBytes(StandardCharsets.US_ASCII))) {
            throttle.failed("setup", "setup");
            throw new ApiException(Status.FORBIDDEN, "the setup code is wrong", "copy it from " + setupCodeFile.toAbsolutePath());
        }
        StaffStore.Account a = create("setup", username, displayName, password, Set.of(Roles.ADMIN));
        deleteSetupCode();
        return a;
    }

    /** Creates an account; {@code actor} is who does it (for the audit trail). */
    public StaffStore.Account create(String actor, String username, String displayName, String password,
            Set<String> roles) {
        checkUsername(username);
        checkPassword(password);
        Set<String> checkedRoles = checkRoles(roles);
        String name = displayName == null || displayName.isBlank() ? username : checkDisplayName(displayName);
        StaffStore.Account a = new StaffStore.Account(username, name, checkedRoles,
                hasher.hash(password.toCharArray()), clock.instant(), actor, null);
        if (!store.insert(a)) {
            throw new ApiException(Status.CONFLICT, "the username " + username + " is taken", "choose another");
        }
        store.event(clock.instant(), actor, "account-created", username, String.join(",", checkedRoles));
        // Once any account exists (the embedded demo makes its own), the one-time setup code has no use left.
        deleteSetupCode();
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
        Set<String> newRoles = roles == null ? a.roles() : checkRoles(roles);
        Instant disabledAt = disabled == null ? a.disabledAt() : disabled ? clock.instant() : null;
        if (a.roles().contains(Roles.ADMIN) && a.active() && (!newRoles.contains(Roles.ADMIN) || disabledAt != null)
                && activeAdmins() <= 1) {
            throw new ApiException(Status.CONFLICT, "this is the last admin", "make another account admin first");
        }
        String name = displayName == null ? a.displayName() : checkDisplayName(displayName);
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
        checkPassword(password);
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
        String token = token(32);
        Instant now = clock.instant();
        StaffStore.Session s = new StaffStore.Session(hash(token), username, token(24), now, now);
        store.saveSession(s);
        cache.put(s.tokenHash(), s);
        store.event(now, username, "login", username, null);
        return token;
    }

    /**
     * Opens a session for a person the identity provider logged in: their local account is created or given the
     * roles of this login; a disabled account stays locked out.
     */
    public synchronized String openOidcSession(String username, Set<String> roles) {
        Optional<StaffStore.Account> a = store.account(username);
        if (a.isEmpty()) {
            create("oidc", username, username, token(32), roles);
        } else if (!a.get().active()) {
            throw new ApiException(Status.FORBIDDEN, "this account is disabled", "ask the clinic's admin");
        } else if (!a.get().roles().equals(roles)) {
            update("oidc", username, null, roles, null);
        }
        return openSession(username);
    }

    /** The identity behind a session cookie; empty when the session is unknown, expired or its account disabled. */
    public Optional<SessionIdentity> session(String token) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        String key = hash(token);
        StaffStore.Session s = cache.get(key);
        if (s == null) {
            s = store.session(key).orElse(null);
            if (s == null) {
                return Optional.empty();
            }
        }
        Instant now = clock.instant();
        if (s.lastSeen().plus(config.sessionIdleTimeout()).isBefore(now)
                || s.createdAt().plus(config.sessionMaxAge()).isBefore(now)) {
            logout(token);
            return Optional.empty();
        }
        Optional<StaffStore.Account> a = store.account(s.username());
        if (a.isEmpty() || !a.get().active()) {
            logout(token);
            return Optional.empty();
        }
        if (Duration.between(s.lastSeen(), now).compareTo(TOUCH_EVERY) > 0) {
            s = new StaffStore.Session(s.tokenHash(), s.username(), s.csrf(), s.createdAt(), now);
            store.touchSession(key, now);
        }
        cache.put(key, s);
        return Optional.of(new SessionIdentity(s.username(), a.get().roles(), s.csrf()));
    }

    public void logout(String token) {
        if (token != null) {
            String key = hash(token);
            StaffStore.Session s = cache.remove(key);
            store.deleteSession(key);
            if (s != null) {
                store.event(clock.instant(), s.username(), "logout", s.username(), null);
            }
        }
    }

    private void endSessions(String username) {
        cache.values().removeIf(s -> s.username().equals(username));
        store.deleteSessionsOf(username);
    }

    @Scheduled(every = "10m", delayed = "1m")
    void expireSessions() {
        Instant now = clock.instant();
        cache.values().removeIf(s -> s.lastSeen().plus(config.sessionIdleTimeout()).isBefore(now)
                || s.createdAt().plus(config.sessionMaxAge()).isBefore(now));
        store.deleteExpiredSessions(now.minus(config.sessionIdleTimeout()), now.minus(config.sessionMaxAge()));
    }

    private long activeAdmins() {
        return store.accounts().stream().filter(a -> a.active() && a.roles().contains(Roles.ADMIN)).count();
    }

    private StaffStore.Account existing(String username) {
        return store.account(username == null ? "" : username)
                .orElseThrow(() -> new ApiException(Status.NOT_FOUND, "no account " + username, null));
    }

    private static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new ApiException(Status.BAD_REQUEST, "a username is 2 to 64 letters, digits, dots, dashes or underscores",
                    "e.g. ivanova or gp.room1");
        }
    }

    private void checkPassword(String password) {
        if (password == null || password.length() < config.passwordMinLength() || password.length() > MAX_PASSWORD) {
            throw new ApiException(Status.BAD_REQUEST, "a password has " + config.passwordMinLength() + " to " + MAX_PASSWORD
                    + " characters", "a few unrelated words make a long password that is easy to remember");
        }
    }

    private static String checkDisplayName(String name) {
        String n = name.strip();
        if (n.isEmpty() || n.length() > MAX_DISPLAY_NAME || n.chars().anyMatch(Character::isISOControl)) {
            throw new ApiException(Status.BAD_REQUEST, "a display name has 1 to " + MAX_DISPLAY_NAME + " characters", null);
        }
        return n;
    }

    private static Set<String> checkRoles(Set<String> roles) {
        if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            throw new ApiException(Status.BAD_REQUEST, "roles must be one or more of " + Roles.ALL, null);
        }
        Set<String> out = new LinkedHashSet<>();
        Roles.ALL.stream().filter(roles::contains).forEach(out::add);
        return out;
    }

    /** {@code bytes} random bytes, base64url. */
    static String token(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }
}
