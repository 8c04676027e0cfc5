package org.smartclinic.drivers.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TcpClientTransport} against real loopback sockets. */
class TcpClientTransportTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(5000);
        toClose.add(server);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    @Test
    void open_peerTalks_bytesFlowBothWaysOnTheNamedDaemonThread() throws Exception {
        TcpClientTransport transport = transport(TcpClientSettings.of("127.0.0.1", server.getLocalPort()));
        Recorder recorder = new Recorder();
        transport.open(recorder);
        Socket peer = accepted();

        peer.getOutputStream().write(ascii("$M,0001*00\r\n"));
        transport.write(ascii("\u0006"));

        await().atMost(PROMPTLY).until(() -> recorder.text().equals("$M,0001*00\r\n"));
        assertThat(peer.getInputStream().read()).isEqualTo(0x06);
        String name = "tcp-127.0.0.1:" + server.getLocalPort();
        assertThat(recorder.threads()).containsExactly(name);
        assertThat(Threads.named(name)).hasValueSatisfying(t -> assertThat(t.isDaemon()).isTrue());
        assertThat(transport.describe()).isEqualTo("tcp:127.0.0.1:" + server.getLocalPort());
        assertThat(recorder.closes()).isEmpty();
    }

    @Test
    void peerCloses_afterBytes_onClosedExactlyOnceWithReason() throws Exception {
        TcpClientTransport transport = transport(TcpClientSettings.of("127.0.0.1", server.getLocalPort()));
        Recorder recorder = new Recorder();
        transport.open(recorder);
        Socket peer = accepted();
        peer.getOutputStream().write(ascii("last words"));

        peer.close();

        await().atMost(PROMPTLY).until(() -> !recorder.closes().isEmpty());
        transport.close();
        assertThat(Threads.gone("tcp-127.0.0.1:" + server.getLocalPort())).isTrue();
        assertThat(recorder.text()).isEqualTo("last words");
        assertThat(recorder.closes()).containsExactly("127.0.0.1:" + server.getLocalPort()
                + " closed the connection: device or converter restarted or powered off?");
        assertThatThrownBy(() -> transport.write(ascii("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not open");
    }

    @Test
    void close_whileConnected_readerThreadEndsAndListenerHearsNothing() throws Exception {
        TcpClientTransport transport = transport(TcpClientSettings.of("127.0.0.1", server.getLocalPort()));
        Recorder recorder = new Recorder();
        transport.open(recorder);
        Socket peer = accepted();
        String name = "tcp-127.0.0.1:" + server.getLocalPort();
        assertThat(Threads.named(name)).isPresent();

        transport.close();
        transport.close();

        assertThat(Threads.gone(name)).isTrue();
        assertThat(peer.getInputStream().read()).as("the peer sees the end").isEqualTo(-1);
        assertThat(recorder.closes()).isEmpty();
    }

    @Test
    void open_nothingListening_saysRefusedAndWhatToCheck() throws IOException {
        int port = server.getLocalPort();
        server.close();
        TcpClientTransport transport = transport(TcpClientSettings.of("127.0.0.1", port));

        assertThatThrownBy(() -> transport.open(new Recorder())).isInstanceOf(IOException.class)
                .hasMessage("connection refused by 127.0.0.1:" + port + ": is the converter on and in TCP server mode"
                        + " on that port?");
    }

    @Test
    void open_unknownHost_saysCheckTheName() {
        TcpClientTransport transport = transport(TcpClientSettings.of("conv-3.invalid", 4001));

        assertThatThrownBy(() -> transport.open(new Recorder())).isInstanceOf(IOException.class)
                .hasMessage("host 'conv-3.invalid' unknown: check the name or use an IP address");
    }

    @Test
    void open_peerNeverAnswers_saysNoAnswerWithinTheTimeout() throws Exception {
        ServerSocket full = fullBacklog();
        TcpClientTransport transport = transport(TcpClientSettings.of("127.0.0.1", full.getLocalPort())
                .withConnectTimeout(Duration.ofMillis(300)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.open(new Recorder())).isInstanceOf(IOException.class)
                .hasMessage("no answer from 127.0.0.1:" + full.getLocalPort() + " within 300 ms: network cable,"
                        + " address, firewall?");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                Duration.ofSeconds(2));
    }

    @Test
    void close_duringConnect_openFailsPromptlyWithClosed() throws Exception {
        ServerSocket full = fullBacklog();
        TcpClientTransport transport = transport(TcpClientSettings.of("127.0.0.1", full.getLocalPort())
                .withConnectTimeout(Duration.ofSeconds(10)));
        CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
            try {
                transport.open(new Recorder());
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(PROMPTLY).until(() -> !opening.isDone());

        transport.close();

        assertThatThrownBy(() -> opening.get(1, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void open_afterClose_refusedAsClosed() {
        TcpClientTransport transport = transport(TcpClientSettings.of("127.0.0.1", server.getLocalPort()));
        transport.close();

        assertThatThrownBy(() -> transport.open(new Recorder())).isInstanceOf(IOException.class).hasMessage("closed");
    }

    @Test
    void settings_outOfRange_refused() {
        assertThatThrownBy(() -> TcpClientSettings.of(" ", 4001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host configured");
        assertThatThrownBy(() -> TcpClientSettings.of("10.0.0.5", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpClientSettings.of("10.0.0.5", 4001).withConnectTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TcpClientSettings.of(" 10.0.0.5 ", 4001)).satisfies(s -> {
            assertThat(s.address()).isEqualTo("10.0.0.5:4001");
            assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(s.keepAlive()).isTrue();
            assertThat(s.noDelay()).isTrue();
        });
    }

    private TcpClientTransport transport(TcpClientSettings settings) {
        TcpClientTransport transport = new TcpClientTransport(settings);
        toClose.add(transport);
        return transport;
    }

    private Socket accepted() throws IOException {
        Socket peer = server.accept();
        peer.setSoTimeout(5000);
        toClose.add(peer);
        return peer;
    }

    /**
     * A listening socket that never accepts, with its accept queue filled until the system drops new connection
     * requests: a peer that does not answer, without relying on how an outside address is routed here.
     */
    private ServerSocket fullBacklog() throws IOException {
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        toClose.add(full);
        for (int i = 0; i < 10; i++) {
            Socket filler = new Socket();
            toClose.add(filler);
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
            } catch (SocketTimeoutException e) {
                return full;
            }
        }
        throw new IllegalStateException("the accept queue never filled up");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
