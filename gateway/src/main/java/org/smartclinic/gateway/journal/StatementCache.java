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
        Map<String, Deque<PreparedStatement>> cache = CACHES.computeIfAbsent(c, k -> new HashMap<>());
        Deque<PreparedStatement> free = cache.get(sql);
        if (free == null) {
            if (cache.size() >= MAX_TEXTS) {
                return c.prepareStatement(sql);
            }
            free = new ArrayDeque<>();
            cache.put(sql, free);
        }
        PreparedStatement real = free.poll();
        if (real == null || real.isClosed()) {
            real = c.prepareStatement(sql);
        }
        return wrap(real, free);
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

        /** Back to the cache, reset; a statement that cannot be reset (its step failed) is closed instead. */
        private void giveBack() throws SQLException {
            try {
                real.clearParameters();
                free.push(real);
            } catch (SQLException e) {
                real.close();
            }
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
                if (!returned) {
                    returned = true;
                    giveBack();
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
