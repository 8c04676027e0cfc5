package org.smartclinic.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of the EHR that forwards every request at once but, while slow, holds each answer back
 * for a while before passing it on: the EHR has stored what it was sent, and a client whose read timeout is
 * shorter gives up first and will send it again. Real sockets on loopback. (A minimal stand-in until the faults
 * helper's fault-injecting EHR proxy is merged.)
 */
final class SlowAnswerRelay implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final String path;
    private final Duration holdBack;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger heldAnswers = new AtomicInteger();
    private volatile boolean slow;

    private SlowAnswerRelay(URI target, Duration holdBack) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        targetHost = target.getHost();
        targetPort = target.getPort();
        path = target.getPath();
        this.holdBack = holdBack;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A relay in front of the FHIR base URL {@code baseUrl}, holding answers back {@code holdBack} while slow. */
    static SlowAnswerRelay to(String baseUrl, Duration holdBack) throws IOException {
        return new SlowAnswerRelay(URI.create(baseUrl), holdBack);
    }

    /** The same FHIR base, through the relay. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    void slow(boolean on) {
        slow = on;
    }

    /** Answers held back so far. */
    int heldAnswers() {
        return heldAnswers.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream, false));
                Thread.ofVirtual().start(() -> pipe(upstream, client, true));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (answers && slow) {
                    heldAnswers.incrementAndGet();
                    // The relay's behaviour (an EHR slower than the client's timeout), not a test waiting.
                    TimeUnit.MILLISECONDS.sleep(holdBack.toMillis());
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed (the client gave up waiting)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            quietClose(from);
            quietClose(to);
        }
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open.forEach(SlowAnswerRelay::quietClose);
    }
}
