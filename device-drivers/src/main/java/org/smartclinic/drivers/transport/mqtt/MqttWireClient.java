package org.smartclinic.drivers.transport.mqtt;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 client of one {@link MqttConnection}: only what a subscriber with manual acknowledgements needs
 * (CONNECT with a persistent session, SUBSCRIBE and UNSUBSCRIBE waiting for their answers, PUBLISH received at QoS 0
 * or 1, PUBACK when told, keep-alive pings, DISCONNECT), over plain TCP ({@code tcp://}, port 1883 by default) or
 * TLS ({@code ssl://}, 8883; the JVM's trust store, host name checked). It replaced Eclipse Paho in the gateway
 * because Paho's receiver copies every packet twice a byte at a time through a stream without bulk reads: with
 * batch devices that was 45 % of the gateway's Java CPU samples (docs/benchmarks.md). Here a packet is read once,
 * in bulk, from a 64 KiB read-ahead buffer into the payload array the device link gets.
 *
 * <p>Threads: one reader per network connection ({@code mqtt-rx-<client id>}) calls the listener for every
 * message, in order (it may wait there: that is the backpressure, see {@link MqttRouter}); a virtual thread per
 * network connection sends the pings. Writes (acknowledgements from the links, pings, requests) take a lock.
 * Reconnecting is the caller's: {@link #connect()} again after a loss. Each wait is bounded by the connect timeout.
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
    private volatile Session session;

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
        Session s;
        try {
            s = new Session(socket);
            s.handshake(password);
        } catch (IOException | RuntimeException e) {
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
        Session s = session;
        return s != null && !s.ended.get();
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
        Session s = session;
        session = null;
        if (s != null) {
            s.end(null);
            s.awaitReader();
        }
    }

    void close() {
        disconnectQuietly();
    }

    private Session current() throws IOException {
        Session s = session;
        if (s == null || s.ended.get()) {
            throw new IOException("not connected to broker " + settings.url());
        }
        return s;
    }

    private Socket open() throws IOException {
        int timeout = Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        Socket socket = (tls ? SSLSocketFactory.getDefault() : SocketFactory.getDefault()).createSocket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeout);
            if (socket instanceof SSLSocket ssl) {
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(timeout);
                ssl.startHandshake();
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("closing a socket: {}", e.toString());
        }
    }

    /** One network connection. */
    private final class Session {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final ReentrantLock writing = new ReentrantLock();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Map<Integer, CompletableFuture<byte[]>> answers = new ConcurrentHashMap<>();
        private final long keepAliveNanos = settings.keepAlive().toNanos();
        private int nextId;
        private volatile long lastSent = System.nanoTime();
        /** When the unanswered ping went out, or 0. */
        private volatile long pingSent;
        /** While the listener has a message: the reader is not reading, so a late PINGRESP says nothing. */
        private volatile boolean delivering;
        private volatile Thread reader;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), READ_AHEAD));
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        /** CONNECT with {@code password} (null for none; wiped here), then the CONNACK within the timeout. */
        void handshake(byte[] password) throws IOException {
            byte[] clientId = settings.clientId().getBytes(StandardCharsets.UTF_8);
            byte[] user = settings.username() == null ? null : settings.username().getBytes(StandardCharsets.UTF_8);
            Wipeable body = new Wipeable();
            try {
                MqttPackets.writeString(body, "MQTT".getBytes(StandardCharsets.US_ASCII));
                body.write(4); // protocol level: 3.1.1
                // clean session off (the broker keeps subscriptions and unacknowledged messages)
                body.write((user == null ? 0 : 0x80) | (password == null ? 0 : 0x40));
                MqttPackets.writeShort(body, (int) Math.min(0xFFFF, Math.max(1, settings.keepAlive().toSeconds())));
                MqttPackets.writeString(body, clientId);
                if (user != null) {
                    MqttPackets.writeString(body, user);
                }
                if (password != null) {
                    MqttPackets.writeString(body, password);
                }
                socket.setSoTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis())));
                byte[] packet = body.toByteArray();
                write(MqttPackets.CONNECT, packet);
                Arrays.fill(packet, (byte) 0);
                int type = in.readUnsignedByte();
                int length = MqttPackets.readLength(in);
                if (type != MqttPackets.CONNACK || length != 2) {
                    throw new IOException("protocol error: the broker answered the CONNECT with packet type 0x"
                            + Integer.toHexString(type) + " (not an MQTT 3.1.1 broker?)");
                }
                in.readUnsignedByte(); // session present: the broker keeps it either way
                int code = in.readUnsignedByte();
                if (code != 0) {
                    throw new Refused(code);
                }
                socket.setSoTimeout(0);
            } catch (SocketTimeoutException e) {
                throw new Unanswered(e);
            } finally {
                body.wipe();
                wipe(password);
            }
        }

        void start() {
            reader = new Thread(this::read, "mqtt-rx-" + settings.clientId());
            reader.setDaemon(true);
            reader.start();
            Thread.ofVirtual().name("mqtt-keepalive-" + settings.clientId()).start(this::keepAlive);
        }

        /** Waits (at most the connect timeout) until the reader has stopped; at once on the reader itself. */
        void awaitReader() {
            Thread t = reader;
            if (t == null || t == Thread.currentThread()) {
                return;
            }
            try {
                t.join(settings.connectTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void read() {
            try {
                while (!ended.get()) {
                    readPacket();
                }
            } catch (IOException | RuntimeException e) {
                end(e);
            }
        }

        private void readPacket() throws IOException {
            int header = in.read();
            if (header < 0) {
                throw new EOFException("the broker closed the connection");
            }
            int length = MqttPackets.readLength(in);
            if (length > MAX_PACKET) {
                throw new IOException("protocol error: a packet of " + length + " bytes, more than the "
                        + MAX_PACKET + " accepted");
            }
            switch (header & 0xF0) {
                case MqttPackets.PUBLISH -> publish(header, length);
                case MqttPackets.SUBACK, MqttPackets.UNSUBACK -> {
                    int id = in.readUnsignedShort();
                    byte[] body = new byte[length - 2];
                    in.readFully(body);
                    CompletableFuture<byte[]> answer = answers.remove(id);
                    if (answer != null) {
                        answer.complete(body);
                    }
                }
                case MqttPackets.PINGRESP -> {
                    in.skipNBytes(length);
                    pingSent = 0;
                }
                default -> throw new IOException("protocol error: unexpected packet type 0x"
                        + Integer.toHexString(header) + " from the broker");
            }
        }

        private void publish(int header, int length) throws IOException {
            int qos = (header >> 1) & 3;
            if (qos > 1) {
                throw new IOException("protocol error: a PUBLISH at QoS " + qos + " on a subscription of QoS 0 or 1");
            }
            byte[] topic = new byte[in.readUnsignedShort()];
            in.readFully(topic);
            int id = qos > 0 ? in.readUnsignedShort() : 0;
            int rest = length - 2 - topic.length - (qos > 0 ? 2 : 0);
            if (rest < 0) {
                throw new IOException("protocol error: a PUBLISH shorter than its topic");
            }
            byte[] payload = new byte[rest];
            in.readFully(payload);
            if (ended.get()) {
                return; // read from the buffer after the end: the broker sends it again on the next connection
            }
            delivering = true;
            try {
                listener.messageArrived(new String(topic, StandardCharsets.UTF_8),
                        new Message(id, qos, (header & 0x08) != 0, (header & 0x01) != 0, payload));
            } finally {
                delivering = false;
            }
        }

        /** Pings when nothing was sent for half the keep-alive; a ping unanswered for a keep-alive ends it. */
        private void keepAlive() {
            long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(20), keepAliveNanos / 4);
            try {
                while (!ended.get()) {
                    TimeUnit.NANOSECONDS.sleep(tick);
                    long now = System.nanoTime();
                    long sent = pingSent;
                    if (sent != 0 && !delivering && now - sent > keepAliveNanos) {
                        end(new SocketTimeoutException("no answer to a keep-alive ping within "
                                + settings.keepAlive().toMillis() + " ms"));
                    } else if (sent == 0 && now - lastSent >= keepAliveNanos / 2) {
                        pingSent = now;
                        send(MqttPackets.PINGREQ, 0, 0);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                end(e);
            }
        }

        /** Sends a request with a fresh packet id and waits for its answer's body (after the id). */
        byte[] request(int type, byte[] body, String answerName) throws IOException {
            int id;
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            synchronized (answers) {
                do {
                    nextId = nextId % 0xFFFF + 1;
                } while (answers.containsKey(nextId));
                id = nextId;
                answers.put(id, answer);
            }
            try {
                ByteArrayOutputStream packet = new ByteArrayOutputStream(body.length + 2);
                MqttPackets.writeShort(packet, id);
                packet.write(body);
                write(type, packet.toByteArray());
                return answer.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new SocketTimeoutException("the broker sent no " + answerName + " within "
                        + settings.connectTimeout().toMillis() + " ms");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the " + answerName, e);
            } finally {
                answers.remove(id);
            }
        }

        /** A packet of no body or a two-byte one ({@code length} 0 or 2): PUBACK, PINGREQ, DISCONNECT. */
        void send(int type, int length, int id) throws IOException {
            writing.lock();
            try {
                out.write(type);
                out.write(length);
                if (length == 2) {
                    MqttPackets.writeShort(out, id);
                }
                out.flush();
                lastSent = System.nanoTime();
            } finally {
                writing.unlock();
            }
        }

        private void write(int type, byte[] body) throws IOException {
            writing.lock();
            try {
                out.write(type);
                MqttPackets.writeLength(out, body.length);
                out.write(body);
                out.flush();
                lastSent = System.nanoTime();
            } finally {
                writing.unlock();
            }
        }

        /**
         * Ends this network connection once: deliberately ({@code cause} null: a DISCONNECT first, the owner is not
         * told) or because it failed (the owner is told, if this is still its connection).
         */
        void end(Throwable cause) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (cause == null && writing.tryLock()) {
                try {
                    out.write(MqttPackets.DISCONNECT);
                    out.write(0);
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("{}: DISCONNECT not sent: {}", settings.url(), e.toString());
                } finally {
                    writing.unlock();
                }
            }
            closeQuietly(socket);
            IOException gone = new IOException(cause == null ? "disconnected" : "connection lost", cause);
            answers.values().forEach(a -> a.completeExceptionally(gone));
            if (cause != null && session == this) {
                listener.connectionLost(cause);
            }
        }
    }

    private static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** A CONNECT's body, wiped after sending: it holds the password. */
    private static final class Wipeable extends ByteArrayOutputStream {
        void wipe() {
            Arrays.fill(buf, (byte) 0);
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
