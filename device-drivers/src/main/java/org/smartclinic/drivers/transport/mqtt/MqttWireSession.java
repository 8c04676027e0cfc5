package org.smartclinic.drivers.transport.mqtt;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network connection of a {@link MqttWireClient}: its socket, its reader thread ({@code mqtt-rx-<client id>}),
 * which hands every PUBLISH to the listener in order, and its keep-alive (a virtual thread). Writes (PUBACKs from the
 * device links, pings, requests) take a lock. It ends once, deliberately or by a failure; only a failure of the
 * client's current connection is told to the listener.
 */
final class MqttWireSession {

    private static final Logger LOG = LoggerFactory.getLogger(MqttWireSession.class);

    private final Socket socket;
    private final MqttBrokerSettings settings;
    private final MqttWireClient.Listener listener;
    private final Predicate<MqttWireSession> current;
    private final DataInputStream in;
    private final OutputStream out;
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Map<Integer, CompletableFuture<byte[]>> answers = new ConcurrentHashMap<>();
    private final long keepAliveNanos;
    private int nextId;
    private volatile long lastSent = System.nanoTime();
    /** When the unanswered ping went out, or 0. */
    private volatile long pingSent;
    /** While the listener has a message: the reader is not reading, so a late PINGRESP says nothing. */
    private volatile boolean delivering;
    private volatile Thread reader;

    /** @param current whether a session is still its client's current one */
    MqttWireSession(Socket socket, MqttBrokerSettings settings, MqttWireClient.Listener listener,
            Predicate<MqttWireSession> current) throws IOException {
        this.socket = socket;
        this.settings = settings;
        this.listener = listener;
        this.current = current;
        keepAliveNanos = settings.keepAlive().toNanos();
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), MqttWireClient.READ_AHEAD));
        out = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    /** CONNECT with {@code password} (null for none; wiped here), then the CONNACK within the timeout. */
    void handshake(byte[] password) throws IOException {
        byte[] user = settings.username() == null ? null : settings.username().getBytes(StandardCharsets.UTF_8);
        byte[] body = null;
        try {
            // clean session off: the broker keeps subscriptions and unacknowledged messages
            body = MqttPackets.connect(settings.clientId().getBytes(StandardCharsets.UTF_8), false,
                    (int) Math.min(0xFFFF, Math.max(1, settings.keepAlive().toSeconds())), user, password);
            socket.setSoTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis())));
            write(MqttPackets.CONNECT, body);
            int code = MqttPackets.readConnack(in);
            if (code != 0) {
                throw new MqttWireClient.Refused(code);
            }
            socket.setSoTimeout(0);
        } catch (SocketTimeoutException e) {
            throw new MqttWireClient.Unanswered(e);
        } finally {
            MqttWireClient.wipe(body);
            MqttWireClient.wipe(password);
        }
    }

    void start() {
        reader = new Thread(this::read, "mqtt-rx-" + settings.clientId());
        reader.setDaemon(true);
        reader.start();
        Thread.ofVirtual().name("mqtt-keepalive-" + settings.clientId()).start(this::keepAlive);
    }

    boolean ended() {
        return ended.get();
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
        if (length > MqttWireClient.MAX_PACKET) {
            throw new IOException("protocol error: a packet of " + length + " bytes, more than the "
                    + MqttWireClient.MAX_PACKET + " accepted");
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
                    new MqttWireClient.Message(id, qos, (header & 0x08) != 0, (header & 0x01) != 0, payload));
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
        MqttWireClient.closeQuietly(socket);
        IOException gone = new IOException(cause == null ? "disconnected" : "connection lost", cause);
        answers.values().forEach(a -> a.completeExceptionally(gone));
        if (cause != null && current.test(this)) {
            listener.connectionLost(cause);
        }
    }
}
