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

import org.smartclinic.drivers.transport.mqtt.MqttPackets;

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

    private static final int PUBLISH_QOS1 = MqttPackets.PUBLISH | 0x02;

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
        byte[] body = MqttPackets.connect(clientId.getBytes(StandardCharsets.UTF_8), true, 0, null, null);
        out.write(MqttPackets.CONNECT);
        MqttPackets.writeLength(out, body.length);
        out.write(body);
        out.flush();
        int code = MqttPackets.readConnack(in);
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
        if (remaining > MqttPackets.MAX_REMAINING) {
            throw new IllegalArgumentException("payload too large for MQTT: " + payload.length + " bytes");
        }
        out.write(PUBLISH_QOS1);
        MqttPackets.writeLength(out, (int) remaining);
        MqttPackets.writeString(out, topic);
        MqttPackets.writeShort(out, packetId);
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
            int length = MqttPackets.readLength(in);
            if (type == MqttPackets.PUBACK && length == 2) {
                return in.readUnsignedShort();
            }
            in.skipNBytes(length);
        }
    }

    /** Sends DISCONNECT (best effort) and closes the socket. */
    @Override
    public void close() {
        try (socket) {
            out.write(MqttPackets.DISCONNECT);
            out.write(0);
            out.flush();
        } catch (IOException e) {
            // the broker is gone already: nothing to tell it
        }
    }
}
