package org.smartclinic.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Staff accounts, their sessions and the account audit trail, in a SQLite database of their own
 * ({@code <data dir>/staff.db}, WAL): credentials never share a file with clinical data, and a backup of the journal
 * carries no password hashes. Sessions are stored by the SHA-256 of their token, so the file holds nothing a
 * browser could replay. All methods are synchronized on one connection: logins are rare next to readings.
 */
public final class StaffStore implements AutoCloseable {

    /** An account. {@code disabledAt} set: it can no longer log in and its sessions are gone. */
    public record Account(String username, String displayName, Set<String> roles, String passwordHash,
            Instant createdAt, String createdBy, Instant disabledAt) {

        public boolean active() {
            return disabledAt == null;
        }
    }

    /** A session: who, its CSRF token, when it was made and last used. */
    public record Session(String tokenHash, String username, String csrf, Instant createdAt, Instant lastSeen) {
    }

    /** One line of the account audit trail. */
    public record Event(Instant at, String actor, String action, String target, String detail) {
    }

    private final Connection db;

    public StaffStore(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS staff_account (
                          username TEXT PRIMARY KEY, display_name TEXT NOT NULL, roles TEXT NOT NULL,
                          password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
                          disabled_at INTEGER)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS staff_session (
                          token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL,
                          created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL)""");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS staff_event (
                          id INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                          target TEXT, detail TEXT)""");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the staff database " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized long countAccounts() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM staff_account")) {
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public synchronized Optional<Account> account(String username) {
        try (PreparedStatement p = db.prepareStatement("SELECT * FROM staff_account WHERE username = ?")) {
            p.setString(1, username);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public synchronized List<Account> accounts() {
        List<Account> out = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM staff_account ORDER BY username")) {
            while (rs.next()) {
                out.add(account(rs));
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Adds {@code a}; false if the username is taken. */
    public synchronized boolean insert(Account a) {
        try (PreparedStatement p = db.prepareStatement(
                "INSERT OR IGNORE INTO staff_account VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, a.username());
            p.setString(2, a.displayName());
            p.setString(3, String.join(",", a.roles()));
            p.setString(4, a.passwordHash());
            p.setLong(5, a.createdAt().toEpochMilli());
            p.setString(6, a.createdBy());
            setInstant(p, 7, a.disabledAt());
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Saves name, roles, hash and disabled state of an existing account. */
    public synchronized void update(Account a) {
        try (PreparedStatement p = db.prepareStatement("""
                UPDATE staff_account SET display_name = ?, roles = ?, password_hash = ?, disabled_at = ?
                WHERE username = ?""")) {
            p.setString(1, a.displayName());
            p.setString(2, String.join(",", a.roles()));
            p.setString(3, a.passwordHash());
            setInstant(p, 4, a.disabledAt());
            p.setString(5, a.username());
            p.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public synchronized void saveSession(Session s) {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO staff_session VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, s.tokenHash());
            p.setString(2, s.username());
            p.setString(3, s.csrf());
            p.setLong(4, s.createdAt().toEpochMilli());
            p.setLong(5, s.lastSeen().toEpochMilli());
            p.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public synchronized Optional<Session> session(String tokenHash) {
        try (PreparedStatement p = db.prepareStatement("SELECT * FROM staff_session WHERE token_hash = ?")) {
            p.setString(1, tokenHash);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Session(rs.getString("token_hash"), rs.getString("username"),
                        rs.getString("csrf"), Instant.ofEpochMilli(rs.getLong("created_at")),
                        Instant.ofEpochMilli(rs.getLong("last_seen"))));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public synchronized void touchSession(String tokenHash, Instant at) {
        execute("UPDATE staff_session SET last_seen = ? WHERE token_hash = ?", at.toEpochMilli(), tokenHash);
    }

    public synchronized void deleteSession(String tokenHash) {
        execute("DELETE FROM staff_session WHERE token_hash = ?", tokenHash);
    }

    public synchronized void deleteSessionsOf(String username) {
        execute("DELETE FROM staff_session WHERE username = ?", username);
    }

    /** Removes sessions idle since before {@code idleBefore} or made before {@code createdBefore}. */
    public synchronized int deleteExpiredSessions(Instant idleBefore, Instant createdBefore) {
        return execute("DELETE FROM staff_session WHERE last_seen < ? OR created_at < ?", idleBefore.toEpochMilli(),
                createdBefore.toEpochMilli());
    }

    public synchronized void event(Instant at, String actor, String action, String target, String detail) {
        execute("INSERT INTO staff_event (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)", at.toEpochMilli(),
                actor, action, target, detail);
    }

    /** The newest {@code limit} events. */
    public synchronized List<Event> events(int limit) {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT * FROM staff_event ORDER BY id DESC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor"),
                            rs.getString("action"), rs.getString("target"), rs.getString("detail")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private int execute(String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            return p.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static Account account(ResultSet rs) throws SQLException {
        long disabled = rs.getLong("disabled_at");
        Instant disabledAt = rs.wasNull() ? null : Instant.ofEpochMilli(disabled);
        Set<String> roles = new LinkedHashSet<>(Arrays.asList(rs.getString("roles").split(",")));
        roles.remove("");
        return new Account(rs.getString("username"), rs.getString("display_name"), roles,
                rs.getString("password_hash"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("created_by"), disabledAt);
    }

    private static void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
        if (value == null) {
            p.setNull(index, java.sql.Types.INTEGER);
        } else {
            p.setLong(index, value.toEpochMilli());
        }
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("staff database: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing to do
        }
    }
}
