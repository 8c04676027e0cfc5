package org.smartclinic.gateway.journal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements kept per connection and SQL text, so the journal compiles each statement once rather than
 * once per reading (compiling was most of SQLite's work per reading; see docs/benchmarks.md). Callers keep writing
 * {@code try (PreparedStatement ps = ...)}: closing the handed-out statement returns it to the cache with its
 * parameters cleared. A statement still in use (a query nested in another's loop) is never handed out twice: the
 * second caller gets one of its own. At most {@link #MAX_TEXTS} SQL texts are kept per connection; beyond that
 * statements are prepared and closed as before. Each connection is used by one thread at a time (the writer
 * thread, or readers under the database's lock), which is what makes the per-connection maps safe.
 */
final class StatementCache {

    static final int MAX_TEXTS = 256;

    private static final Map<Connection, Map<String, Deque<PreparedStatement>>> CACHES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private StatementCache() {
    }

    /** A statement for {@code sql} on {@code c}; closing it gives it back. */
    static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        Deque<PreparedStatement> free = freeList(c, sql);
        if (free == null) {
            return c.prepareStatement(sql);
        }
        return wrap(take(c, sql, free), free);
    }

    /**
     * Runs an insert, update or delete with {@code args} bound and returns the rows it changed: the cached statement
     * is used directly, without the wrapper {@link #prepare} hands out (the journal's hottest path: every reading).
     */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        Deque<PreparedStatement> free = freeList(c, sql);
        PreparedStatement ps = free == null ? c.prepareStatement(sql) : take(c, sql, free);
        try {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } finally {
            if (free == null) {
                ps.close();
            } else {
                giveBack(ps, free);
            }
        }
    }

    /** The free statements of {@code sql} on {@code c}, or null when the cache is full (prepare and close). */
    private static Deque<PreparedStatement> freeList(Connection c, String sql) {
        Map<String, Deque<PreparedStatement>> cache = CACHES.computeIfAbsent(c, k -> new HashMap<>());
        Deque<PreparedStatement> free = cache.get(sql);
        if (free == null && cache.size() < MAX_TEXTS) {
            free = new ArrayDeque<>();
            cache.put(sql, free);
        }
        return free;
    }

    private static PreparedStatement take(Connection c, String sql, Deque<PreparedStatement> free)
            throws SQLException {
        PreparedStatement real = free.poll();
        return real == null || real.isClosed() ? c.prepareStatement(sql) : real;
    }

    /** Back to the cache, reset; a statement that cannot be reset (its step failed) is closed instead. */
    private static void giveBack(PreparedStatement real, Deque<PreparedStatement> free) throws SQLException {
        try {
            real.clearParameters();
            free.push(real);
        } catch (SQLException e) {
            real.close();
        }
    }

    private static PreparedStatement wrap(PreparedStatement real, Deque<PreparedStatement> free) {
        InvocationHandler handler = new Returning(real, free);
        return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    /** Forwards every call; {@code close()} clears the statement and puts it back instead of closing it. */
    private static final class Returning implements InvocationHandler {
        private final PreparedStatement real;
        private final Deque<PreparedStatement> free;
        private boolean returned;

        Returning(PreparedStatement real, Deque<PreparedStatement> free) {
            this.real = real;
            this.free = free;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
                if (!returned) {
                    returned = true;
                    giveBack(real, free);
                }
                return null;
            }
            if ("isClosed".equals(method.getName())) {
                return returned || real.isClosed();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
