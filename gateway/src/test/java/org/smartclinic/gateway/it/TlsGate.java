package org.smartclinic.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS front for a plain HTTP server (as a clinic's EHR sits behind a TLS-terminating proxy): accepts TLS on a
 * loopback port with the key in a PKCS12 key store and relays the decrypted bytes to {@code 127.0.0.1:<target>}.
 * {@link #selfSigned} makes that key store, and a trust store holding its certificate, with the JDK's keytool.
 */
public final class TlsGate implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TlsGate(ServerSocket server, int target) {
        this.server = server;
        this.target = target;
        Thread.ofPlatform().daemon().name("tls-gate").start(this::accept);
    }

    /** Listens on a free loopback port with the key in {@code keyStore} and relays to port {@code target}. */
    public static TlsGate start(Path keyStore, String password, int target) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, password.toCharArray());
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return new TlsGate(tls.getServerSocketFactory().createServerSocket(0, 50,
                    InetAddress.getLoopbackAddress()), target);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("TLS gate failed to start", e);
        }
    }

    /**
     * A self-signed certificate for 127.0.0.1 and localhost in {@code dir/server.p12} and a trust store holding only
     * it in {@code dir/trust.p12}, both with {@code password}; made with the JDK's keytool.
     */
    public static void selfSigned(Path dir, String password) {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path server = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        run(List.of(keytool, "-genkeypair", "-alias", "ehr", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", password));
        run(List.of(keytool, "-exportcert", "-alias", "ehr", "-keystore", server.toString(), "-storepass", password,
                "-rfc", "-file", cert.toString()));
        run(List.of(keytool, "-importcert", "-noprompt", "-alias", "ehr", "-file", cert.toString(),
                "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", password));
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // closed, or one failed handshake: the next connection is served
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread.ofPlatform().daemon().name("tls-gate-pipe").start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
