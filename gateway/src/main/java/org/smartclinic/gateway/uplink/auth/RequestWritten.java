package org.smartclinic.gateway.uplink.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.protocol.HttpContext;
import org.jboss.logging.Logger;

/**
 * Lets the thread that sends a request to the EHR do something the moment the request's body has gone out, while the
 * EHR works on it: delivery records the previous batch's outcome and plans the next batch then, so that work does
 * not compete for the CPU with sending the request (on a small box the EHR would otherwise wait for it every round;
 * docs/delivery.md). The HTTP client is synchronous, so the request runs on the caller's thread and a thread-local
 * carries the action to the body's {@code writeTo}.
 */
public final class RequestWritten implements HttpRequestInterceptor {

    private static final Logger LOG = Logger.getLogger(RequestWritten.class);
    private static final ThreadLocal<Action> ON_WRITTEN = new ThreadLocal<>();

    /**
     * Runs {@code call}; {@code onWritten} runs once the body of the first request {@code call} sends on this thread
     * has been written and flushed to the connection, and in any case (no request, or it failed before) by the time
     * this returns or throws: exactly once. An exception of {@code onWritten} while the request is being written is
     * logged and does not fail the request.
     */
    public static <T> T around(Runnable onWritten, Supplier<T> call) {
        Action action = new Action(onWritten);
        Action outer = ON_WRITTEN.get();
        ON_WRITTEN.set(action);
        try {
            return call.get();
        } finally {
            ON_WRITTEN.set(outer);
            action.run();
        }
    }

    @Override
    public void process(HttpRequest request, HttpContext context) {
        Action action = ON_WRITTEN.get();
        if (action != null && request instanceof HttpEntityEnclosingRequest withBody && withBody.getEntity() != null) {
            withBody.setEntity(new Signalling(withBody.getEntity(), action));
        }
    }

    /** The action, run at most once. Used by one thread. */
    private static final class Action implements Runnable {
        private Runnable todo;

        Action(Runnable todo) {
            this.todo = todo;
        }

        @Override
        public void run() {
            Runnable r = todo;
            todo = null;
            if (r != null) {
                r.run();
            }
        }
    }

    private static final class Signalling extends HttpEntityWrapper {
        private final Action action;

        Signalling(HttpEntity body, Action action) {
            super(body);
            this.action = action;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            super.writeTo(out);
            out.flush();
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warnf("the work planned for after sending a request to the EHR failed: %s", e.toString());
            }
        }
    }
}
