package org.smartclinic.drivers.transport.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.SocketFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 client of one {@link MqttConnection}: only what a subscriber with manual acknowledgements needs
 * (CONNECT with a persistent session, SUBSCRIBE and UNSUBSCRIBE waiting for their answers, PUBLISH received at QoS 0
 * or 1, PUBACK when told, keep-alive pings, DISCONNECT), over plain TCP ({@code tcp://}, port 1883 by default) or
 * TLS ({@code ssl://}, 8883; the settings' trust store or the JVM's, host name checked). It replaced Eclipse Paho in
 * the gateway because Paho's receiver copies every packet twice a byte at a time through a stream without bulk
 * reads: with batch devices that was 45 % of the gateway's Java CPU samples (docs/benchmarks.md). Here a packet is
 * read once, in bulk, from a 64 KiB read-ahead buffer into the payload array the device link gets.
 *
 * <p>Each network connection is a {@link MqttWireSession}: its reader calls the listener for every message, in
 * order (it may wait there: that is the backpressure, see {@link MqttRouter}). Reconnecting is the caller's:
 * {@link #connect()} again after a loss. Each wait is bounded by the connect timeout.
 */
final class MqttWireClient {

    /** What the connection tells its owner, on the reader thread. */
    interface Listener {
        /** The network connection ended without {@link #disconnectQuietly()} (broker gone, keep-alive, error). */
        void connectionLost(Throwable cause);

        void messageArrived(String topic, Message message);
    }

    /** A received PUBLISH; {@code id} is 0 at QoS 0. */
    record Message(int id, int qos, boolean duplicate, boolean retained, byte[] payload) {
    }

    /** The broker answered the CONNECT with a refusal (MQTT 3.1.1, 3.2.2.3). */
    static final class Refused extends IOException {
        private final int code;

        Refused(int code) {
            super("connection refused, return code " + code);
            this.code = code;
        }

        /** 1 protocol version, 2 client id, 3 unavailable, 4 bad user name or password, 5 not authorised. */
        int code() {
            return code;
        }
    }

    /** The password file could not be read; nothing was sent. */
    static final class NoPassword extends IOException {
        NoPassword(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The broker accepted the TCP connection but did not answer the CONNECT within the connect timeout. */
    static final class Unanswered extends IOException {
        Unanswered(Throwable cause) {
            super("no CONNACK in time", cause);
        }
    }

    /** Granted QoS of a refused subscription (3.9.3). */
    static final int REFUSED = 0x80;
    /** The largest packet accepted; a longer one ends the connection (the broker redelivers nothing it cannot). */
    static final int MAX_PACKET = 64 << 20;
    static final int READ_AHEAD = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(MqttWireClient.class);

    private final MqttBrokerSettings settings;
    private final Listener listener;
    private final String host;
    private final int port;
    private final boolean tls;
    private volatile MqttWireSession session;

    /** @throws IllegalArgumentException if the URL has no host or a bad port */
    MqttWireClient(MqttBrokerSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        URI uri = URI.create(settings.url());
        tls = uri.getScheme().toLowerCase(Locale.ROOT).equals("ssl");
        host = uri.getHost();
        port = uri.getPort() < 0 ? (tls ? 8883 : 1883) : uri.getPort();
        if (host == null || port > 0xFFFF) {
            throw new IllegalArgumentException("broker url " + settings.url() + ": no host, or a bad port");
        }
    }

    /** Opens a new network connection (ending the last one) and waits for the CONNACK. */
    void connect() throws IOException {
        disconnectQuietly();
        byte[] password;
        try {
            password = settings.password() == null ? null : utf8(settings.password().read());
        } catch (IOException e) {
            throw new NoPassword(e);
        }
        Socket socket;
        try {
            socket = open();
        } catch (IOException | RuntimeException e) {
            wipe(password);
            throw e;
        }
        MqttWireSession s;
        try {
            s = new MqttWireSession(socket, settings, listener, candidate -> session == candidate);
            s.handshake(password);
        } catch (IOException | RuntimeException e) {
            wipe(password); // handshake wipes it too; not reached when the socket's streams failed
            closeQuietly(socket);
            throw e;
        }
        session = s;
        s.start();
    }

    /**
     * Subscribes {@code filters} (filter to QoS) and waits for the SUBACK.
     *
     * @return the filters the broker refused (granted QoS {@code 0x80}, usually its ACL)
     */
    List<String> subscribe(Map<String, Integer> filters) throws IOException {
        List<String> names = new ArrayList<>(filters.keySet());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String name : names) {
            MqttPackets.writeString(body, name.getBytes(StandardCharsets.UTF_8));
            body.write(filters.get(name));
        }
        byte[] granted;
        try {
            granted = current().request(MqttPackets.SUBSCRIBE, body.toByteArray(), "SUBACK");
        } catch (IOException e) {
            throw new IOException("subscribing " + String.join(", ", names) + " on broker " + settings.url()
                    + " failed: " + MqttFailures.network(e), e);
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < names.size() && i < granted.length; i++) {
            if ((granted[i] & 0xFF) == REFUSED) {
                refused.add(names.get(i));
            }
        }
        return refused;
    }

    void unsubscribe(String filter) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        MqttPackets.writeString(body, filter.getBytes(StandardCharsets.UTF_8));
        current().request(MqttPackets.UNSUBSCRIBE, body.toByteArray(), "UNSUBACK");
    }

    boolean isConnected() {
        MqttWireSession s = session;
        return s != null && !s.ended();
    }

    /** PUBACK for message {@code id}; nothing for QoS 0. */
    void ack(int id, int qos) throws IOException {
        if (qos > 0) {
            current().send(MqttPackets.PUBACK, 2, id);
        }
    }

    /**
     * Ends the network connection, with a DISCONNECT when it is up, and waits for its reader: once this returns, no
     * message of that connection reaches the listener (its acknowledgement would go out on the next connection
     * under a packet id that means another message there). Never fails.
     */
    void disconnectQuietly() {
        MqttWireSession s = session;
        session = null;
        if (s != null) {
            s.end(null);
            s.awaitReader();
        }
    }

    void close() {
        disconnectQuietly();
    }

    private MqttWireSession current() throws IOException {
        MqttWireSession s = session;
        if (s == null || s.ended()) {
            throw new IOException("not connected to broker " + settings.url());
        }
        return s;
    }

    private Socket open() throws IOException {
        int timeout = Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        Socket socket = (!tls ? SocketFactory.getDefault() : settings.tls() != null
                ? settings.tls().getSocketFactory() : SSLSocketFactory.getDefault()).createSocket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeout);
            if (socket instanceof SSLSocket ssl) {
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(timeout);
                handshake(ssl);
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /**
     * The TLS handshake; a connection reset or closed during it (a broker that is no TLS port drops the client's
     * hello; the JDK then throws a plain socket error) is reported as the TLS failure it is.
     */
    private void handshake(SSLSocket ssl) throws IOException {
        try {
            ssl.startHandshake();
        } catch (SSLException | SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            SSLHandshakeException tls = new SSLHandshakeException("the TLS handshake with " + host + ":" + port
                    + " ended with " + MqttFailures.network(e));
            tls.initCause(e);
            throw tls;
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("closing a socket: {}", e.toString());
        }
    }


    static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }


    /** UTF-8 bytes of {@code chars}, which it wipes; no String holds the password. */
    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        Arrays.fill(chars, '\0');
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }
}
