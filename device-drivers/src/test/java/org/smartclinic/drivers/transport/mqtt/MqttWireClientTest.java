package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's protocol edges that a well-behaved broker never shows, against a scripted broker on a real TCP
 * socket: what the client sends in its CONNECT, a refusal, a broker that never answers the CONNECT or a ping, a
 * packet the client cannot accept, and a large PUBLISH arriving in pieces. The ordinary flows (subscribe, PUBACK
 * after settlement, redelivery, broker restarts, credentials) run against Mosquitto in {@link MqttTransportIT}.
 */
class MqttWireClientTest {

    private ServerSocket server;
    private MqttWireClient client;
    private final List<Throwable> lost = new CopyOnWriteArrayList<>();
    private final List<MqttWireClient.Message> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0);
    }

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private MqttWireClient client(MqttBrokerSettings settings) {
        client = new MqttWireClient(settings, new MqttWireClient.Listener() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.add(cause);
            }

            @Override
            public void messageArrived(String topic, MqttWireClient.Message message) {
                received.add(message);
            }
        });
        return client;
    }

    private MqttBrokerSettings settings() {
        return MqttBrokerSettings.of("tcp://127.0.0.1:" + server.getLocalPort(), "gw-test")
                .withKeepAlive(Duration.ofSeconds(1)).withConnectTimeout(Duration.ofSeconds(2));
    }

    /** Accepts one connection and reads its CONNECT; returns the socket and the CONNECT's body. */
    private Accepted accept() throws IOException {
        Socket s = server.accept();
        DataInputStream in = new DataInputStream(s.getInputStream());
        assertThat(in.readUnsignedByte()).isEqualTo(MqttPackets.CONNECT);
        byte[] body = new byte[MqttPackets.readLength(in)];
        in.readFully(body);
        return new Accepted(s, in, s.getOutputStream(), body);
    }

    private record Accepted(Socket socket, DataInputStream in, OutputStream out, byte[] connect) {
        /** Reads and drops what the client sends until it closes the connection. */
        void untilClosed() throws IOException {
            while (in.read() >= 0) {
                // nothing to answer
            }
        }

        void connack(int code) throws IOException {
            out.write(new byte[] {(byte) MqttPackets.CONNACK, 2, 0, (byte) code});
            out.flush();
        }
    }

    /** The broker's side, run on its own thread; its failure fails the test. */
    private AtomicReference<Throwable> broker(BrokerScript script) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                script.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        return failure;
    }

    private interface BrokerScript {
        void run() throws Exception;
    }

    @Test
    void connect_sendsMqtt311PersistentSessionWithCredentialsAndKeepAlive() throws Exception {
        AtomicReference<byte[]> connect = new AtomicReference<>();
        broker(() -> {
            Accepted a = accept();
            connect.set(a.connect());
            a.connack(0);
        });
        client(settings().withCredentials("gateway", MqttBrokerSettings.Password.of("s3cret".toCharArray())))
                .connect();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        MqttPackets.writeString(expected, "MQTT".getBytes(StandardCharsets.US_ASCII));
        expected.write(4);
        expected.write(0x80 | 0x40); // user name and password, clean session off
        MqttPackets.writeShort(expected, 1);
        MqttPackets.writeString(expected, "gw-test".getBytes(StandardCharsets.UTF_8));
        MqttPackets.writeString(expected, "gateway".getBytes(StandardCharsets.UTF_8));
        MqttPackets.writeString(expected, "s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(connect.get()).isEqualTo(expected.toByteArray());
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void connect_refused_failsWithTheReturnCodeInTheTechniciansWords() {
        broker(() -> accept().connack(5));
        MqttWireClient c = client(settings());

        assertThatThrownBy(c::connect).isInstanceOfSatisfying(MqttWireClient.Refused.class,
                r -> assertThat(MqttFailures.connectFailed("tcp://b", "gw-test", r))
                        .isEqualTo("broker tcp://b refused the connection: not authorised (bad user name or password,"
                                + " or this client id is not allowed)"));
        assertThat(c.isConnected()).isFalse();
    }

    @Test
    void connect_noConnack_failsWithinTheConnectTimeout() throws Exception {
        broker(() -> {
            accept().untilClosed(); // silent: no CONNACK
        });
        MqttWireClient c = client(settings());
        long start = System.nanoTime();

        assertThatThrownBy(c::connect).isInstanceOf(MqttWireClient.Unanswered.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void keepAlive_pingUnanswered_connectionLostWithATimeout() throws Exception {
        AtomicReference<Integer> ping = new AtomicReference<>();
        broker(() -> {
            Accepted a = accept();
            a.connack(0);
            ping.set(a.in().readUnsignedByte());
            a.untilClosed(); // silent: the broker is gone without a FIN
        });
        client(settings()).connect();

        await().atMost(Duration.ofSeconds(5)).until(() -> !lost.isEmpty());
        assertThat(ping.get()).isEqualTo(MqttPackets.PINGREQ);
        assertThat(lost.getFirst()).isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("keep-alive ping");
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void publish_largeInPieces_deliveredWholeThenAcknowledgedWithItsId() throws Exception {
        byte[] payload = new byte[300_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        AtomicReference<byte[]> ack = new AtomicReference<>();
        AtomicReference<Throwable> failure = broker(() -> {
            Accepted a = accept();
            a.connack(0);
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(MqttPackets.PUBLISH | 0x02 | 0x08); // QoS 1, DUP
            byte[] topic = "t/a/vitals".getBytes(StandardCharsets.UTF_8);
            MqttPackets.writeLength(packet, 2 + topic.length + 2 + payload.length);
            MqttPackets.writeString(packet, topic);
            MqttPackets.writeShort(packet, 4711);
            packet.write(payload);
            byte[] bytes = packet.toByteArray();
            for (int off = 0; off < bytes.length; off += 7_001) {
                a.out().write(bytes, off, Math.min(7_001, bytes.length - off));
                a.out().flush();
            }
            byte[] answer = new byte[4];
            a.in().readFully(answer);
            ack.set(answer);
        });
        client(settings()).connect();

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        MqttWireClient.Message m = received.getFirst();
        assertThat(m.id()).isEqualTo(4711);
        assertThat(m.qos()).isEqualTo(1);
        assertThat(m.duplicate()).isTrue();
        assertThat(m.payload()).isEqualTo(payload);
        client.ack(m.id(), m.qos());
        await().atMost(Duration.ofSeconds(5)).until(() -> ack.get() != null || failure.get() != null);
        assertThat(ack.get()).containsExactly(MqttPackets.PUBACK, 2, 4711 >> 8, 4711 & 0xFF);
    }

    @Test
    void unexpectedPacket_endsTheConnectionAsAProtocolError() throws Exception {
        broker(() -> {
            Accepted a = accept();
            a.connack(0);
            a.out().write(new byte[] {(byte) 0x62, 2, 0, 1}); // PUBREL: never sent to a subscriber of QoS <= 1
            a.out().flush();
            a.untilClosed();
        });
        client(settings()).connect();

        await().atMost(Duration.ofSeconds(5)).until(() -> !lost.isEmpty());
        assertThat(MqttFailures.lost("tcp://b", lost.getFirst()))
                .isEqualTo("connection to broker tcp://b lost: protocol error: unexpected packet type 0x62 from the"
                        + " broker");
        assertThat(received).isEmpty();
    }

    @Test
    void disconnect_deliberate_sendsDisconnectAndIsNotReportedAsLost() throws Exception {
        AtomicReference<Integer> last = new AtomicReference<>();
        broker(() -> {
            Accepted a = accept();
            a.connack(0);
            last.set(a.in().readUnsignedByte());
        });
        client(settings()).connect();

        client.disconnectQuietly();
        await().atMost(Duration.ofSeconds(5)).until(() -> last.get() != null);
        assertThat(last.get()).isEqualTo(MqttPackets.DISCONNECT);
        assertThat(lost).isEmpty();
        assertThat(client.isConnected()).isFalse();
    }
}
