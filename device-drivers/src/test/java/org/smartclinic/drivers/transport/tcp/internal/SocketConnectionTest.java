package org.smartclinic.drivers.transport.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.transport.TransportListener;

import jdk.net.ExtendedSocketOptions;

/** The write guard and socket options, on a real loopback connection whose peer never reads. */
class SocketConnectionTest {

    private ServerSocket server;
    private Socket client;
    private Socket peer;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        peer = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        peer.close();
        server.close();
    }

    @Test
    void write_peerNeverReads_failsAfterTheGuardAndEndsTheConnectionOnce() {
        List<String> closes = new CopyOnWriteArrayList<>();
        SocketConnection connection = new SocketConnection(client, "peer", "test-reader", Duration.ofMillis(300));
        connection.start(closesInto(closes), new byte[0]);
        byte[] more = new byte[64 << 20];

        long start = System.nanoTime();
        assertThatThrownBy(() -> connection.write(more)).isInstanceOf(IOException.class)
                .hasMessage("write to peer did not finish within 300 ms: the device stopped reading (hung converter?)");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(2)).until(() -> !closes.isEmpty());
        assertThat(closes).containsExactly(
                "write to peer did not finish within 300 ms: the device stopped reading (hung converter?)");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void apply_keepAlive_setsShortProbesWhereSupported() throws IOException {
        SocketTuning.apply(client, true, true);

        assertThat(client.getKeepAlive()).isTrue();
        assertThat(client.getTcpNoDelay()).isTrue();
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(client.supportedOptions()).contains(ExtendedSocketOptions.TCP_KEEPIDLE);
        }
        if (client.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            assertThat(client.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
            assertThat(client.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(10);
            assertThat(client.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(3);
        }
    }

    private static TransportListener closesInto(List<String> closes) {
        return new TransportListener() {
            @Override
            public void onBytes(byte[] data, int length) {
            }

            @Override
            public void onClosed(String reason) {
                closes.add(reason);
            }
        };
    }
}
