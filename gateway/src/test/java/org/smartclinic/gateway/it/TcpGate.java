package org.smartclinic.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP forwarder between the gateway and the EHR that the test can close and open, as a clinic's link goes
 * down and comes back: while refusing, every connection is accepted and closed at once (the client sees a
 * connection error), and connections already open are cut. Real sockets on loopback, with Nagle's algorithm off
 * on both legs, so a relayed request is not held back waiting for an acknowledgement (benchmarks time through it).
 */
public final class TcpGate implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final String path;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean passing = true;
    private final LongAdder requestBytes = new LongAdder();

    private TcpGate(URI target) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        targetHost = target.getHost();
        targetPort = target.getPort();
        path = target.getPath();
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A gate in front of the FHIR base URL {@code baseUrl}. */
    public static TcpGate to(String baseUrl) throws IOException {
        return new TcpGate(URI.create(baseUrl));
    }

    /** The same FHIR base, through the gate. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** The link goes down: new connections are closed at once, open ones cut. */
    public void refuse() {
        passing = false;
        open.forEach(TcpGate::quietClose);
        open.clear();
    }

    /** The link is back: connections are relayed to the EHR. */
    public void pass() {
        passing = true;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!passing) {
                    quietClose(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream, requestBytes));
                Thread.ofVirtual().start(() -> pipe(upstream, client, null));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Bytes relayed towards the EHR so far (the requests), e.g. to show two clients sent the same. */
    public long requestBytes() {
        return requestBytes.sum();
    }

    /** Copies until either side closes, adding what it copied to {@code counted} unless that is null. */
    private static void pipe(Socket from, Socket to, LongAdder counted) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16_384];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (counted != null) {
                    counted.add(n);
                }
            }
        } catch (IOException e) {
            // the other side closed, or the gate cut the link
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
        refuse();
    }
}
