package org.smartclinic.simulator.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One simulated device's MQTT 3.1.1 session on a plain TCP socket, just enough to publish with QoS 1: CONNECT (clean
 * session, no keep-alive) and its CONNACK, PUBLISH, PUBACK, DISCONNECT. The load generator uses it instead of a full
 * client library so that, on a benchmark machine the gateway shares, the simulated devices take as little CPU as
 * they would on their own hardware: a Paho client per device took about as much CPU as the gateway it loaded.
 *
 * <pre>
 * CONNECT  0x10 len | 00 04 'MQTT' | 04 (level) | 02 (clean session) | 00 00 (keep-alive off) | client id
 * CONNACK  0x20 02  | session present | return code (0 = accepted)
 * PUBLISH  0x32 len | topic length, topic | packet id | payload        (QoS 1: flags 0b0010)
 * PUBACK   0x40 02  | packet id
 * </pre>
 *
 * Writes are buffered: a caller writes a run of publishes, then {@link #flush()}es them in one segment. Reading
 * ({@link #readAck()}) and writing may run on two threads.
 */
final class MqttWirePublisher implements AutoCloseable {

    private static final int CONNECT = 0x10;
    private static final int CONNACK = 0x20;
    private static final int PUBLISH_QOS1 = 0x32;
    private static final int PUBACK = 0x40;
    private static final int DISCONNECT = 0xE0;
    /** MQTT's largest "remaining length": four bytes of seven bits. */
    private static final int MAX_REMAINING = 268_435_455;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private MqttWirePublisher(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    }

    /**
     * Connects to {@code brokerUrl} ({@code tcp://host:port}) as {@code clientId} and waits for the broker's
     * CONNACK.
     *
     * @throws IOException if the broker cannot be reached, does not answer in {@code timeout} or refuses
     */
    static MqttWirePublisher connect(String brokerUrl, String clientId, Duration timeout) throws IOException {
        URI uri = URI.create(brokerUrl);
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the load generator speaks plain MQTT only: give the broker as"
                    + " tcp://host:port, not " + brokerUrl);
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort()),
                    (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            MqttWirePublisher p = new MqttWirePublisher(socket);
            p.handshake(clientId);
            socket.setSoTimeout(0);
            return p;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void handshake(String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] protocol = "MQTT".getBytes(StandardCharsets.US_ASCII);
        out.write(CONNECT);
        writeLength(2 + protocol.length + 1 + 1 + 2 + 2 + id.length);
        writeString(protocol);
        out.write(4);
        out.write(0x02);
        writeShort(0);
        writeString(id);
        out.flush();
        int type = in.readUnsignedByte();
        int length = readLength();
        if (type != CONNACK || length != 2) {
            throw new IOException("the broker did not answer CONNECT with a CONNACK (packet type 0x"
                    + Integer.toHexString(type) + ")");
        }
        in.readUnsignedByte();
        int code = in.readUnsignedByte();
        if (code != 0) {
            throw new IOException("the broker refused the connection of " + clientId + " (CONNACK return code "
                    + code + ")");
        }
    }

    /** Writes one QoS 1 PUBLISH into the buffer; {@code packetId} 1 to 65535, not in use by another unacked one. */
    void publish(byte[] topic, byte[] payload, int packetId) throws IOException {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet id out of range: " + packetId);
        }
        long remaining = 2L + topic.length + 2 + payload.length;
        if (remaining > MAX_REMAINING) {
            throw new IllegalArgumentException("payload too large for MQTT: " + payload.length + " bytes");
        }
        out.write(PUBLISH_QOS1);
        writeLength((int) remaining);
        writeString(topic);
        writeShort(packetId);
        out.write(payload);
    }

    /** Sends what was written. */
    void flush() throws IOException {
        out.flush();
    }

    /**
     * Waits for the next PUBACK and returns its packet id; other packets are skipped.
     *
     * @throws EOFException if the broker closed the connection
     */
    int readAck() throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            int length = readLength();
            if (type == PUBACK && length == 2) {
                return in.readUnsignedShort();
            }
            in.skipNBytes(length);
        }
    }

    /** Sends DISCONNECT (best effort) and closes the socket. */
    @Override
    public void close() {
        try (socket) {
            out.write(DISCONNECT);
            out.write(0);
            out.flush();
        } catch (IOException e) {
            // the broker is gone already: nothing to tell it
        }
    }

    private void writeLength(int length) throws IOException {
        int rest = length;
        do {
            int digit = rest & 0x7F;
            rest >>>= 7;
            out.write(rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
    }

    private int readLength() throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length from the broker");
    }

    private void writeShort(int value) throws IOException {
        out.write(value >>> 8);
        out.write(value & 0xFF);
    }

    private void writeString(byte[] utf8) throws IOException {
        writeShort(utf8.length);
        out.write(utf8);
    }
}
