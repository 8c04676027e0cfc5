package org.smartclinic.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with each plug, driven by a small streaming twin ({@link TickerTwin}) and plain sockets and files. */
class TwinIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final TwinBehaviour SILENT = (port, context) -> { };

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Events events = new Events();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName).noneMatch(n -> n.startsWith("twin-")));
    }

    @Test
    void tcpListen_streamingTwinDroppingEveryThird_framesInOrderWithTheDroppedOnesMissing() throws Exception {
        TickerTwin ticker = new TickerTwin(TICK, 6, FaultPlan.builder().drop(FrameSet.every(3)).build());
        Twin twin = start("ticker", TwinPlug.tcpListen(0), ticker);
        TcpPeer peer = connect(twin.listeningPort().orElseThrow());

        List<String> lines = List.of(peer.line(), peer.line(), peer.line(), peer.line());

        assertThat(lines).containsExactly(TickerTwin.frame(1), TickerTwin.frame(2), TickerTwin.frame(4),
                TickerTwin.frame(5));
        await().atMost(WAIT).until(() -> ticker.faults().counters().get(Faults.Injected.DROPPED) == 2);
    }

    @Test
    void tcpListen_unplugForAfterThirdFrame_peerSeesTheEndThenTheSamePortStreamsOn() throws Exception {
        TickerTwin ticker = new TickerTwin(TICK, 5, FaultPlan.builder().unplugAfter(3, Duration.ofMillis(300)).build());
        Twin twin = start("ticker", TwinPlug.tcpListen(0), ticker);
        int port = twin.listeningPort().orElseThrow();
        TcpPeer first = connect(port);

        assertThat(List.of(first.line(), first.line(), first.line(), String.valueOf(first.line())))
                .containsExactly(TickerTwin.frame(1), TickerTwin.frame(2), TickerTwin.frame(3), "null");
        await().atMost(WAIT).until(() -> twin.counters().get(Twin.Count.PLUGS) == 2);
        TcpPeer second = connect(port);

        assertThat(List.of(second.line(), second.line())).containsExactly(TickerTwin.frame(4), TickerTwin.frame(5));
        assertThat(twin.counters().get(Twin.Count.UNPLUGS)).isEqualTo(1);
        assertThat(events.seen).containsSubsequence("plugged", "connected", "unplugged", "disconnected", "plugged",
                "connected");
    }

    @Test
    void pty_replugWhilePlugged_linkMovesToTheNewPtyWithoutAnUnplug() throws Exception {
        Path link = dir.resolve("dev1");
        Twin twin = start("reset", TwinPlug.pty(link), SILENT);
        Path old = twin.slavePath().orElseThrow();

        twin.replug();

        Path fresh = twin.slavePath().orElseThrow();
        assertThat(fresh).isNotEqualTo(old);
        assertThat(Files.readSymbolicLink(link)).isEqualTo(fresh);
        assertThat(twin.counters().snapshot()).containsEntry(Twin.Count.PLUGS, 2L).containsEntry(Twin.Count.UNPLUGS, 0L);
        assertThat(events.seen).doesNotContain("unplugged");
        twin.close();
        assertThat(link).doesNotExist();
    }

    @Test
    void close_everyPlugKindWithAPeerOnIt_noThreadAndNoDescriptorLeft() throws Exception {
        long before = openDescriptors();
        Twin pty = Twin.start("pty", TwinPlug.pty(dir.resolve("dev2")), SILENT);
        FileChannel slave = FileChannel.open(pty.slavePath().orElseThrow(), StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Twin listen = Twin.start("listen", TwinPlug.tcpListen(0), SILENT);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listen.listeningPort().orElseThrow());
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Twin connect = Twin.start("connect", TwinPlug.tcpConnect("127.0.0.1", server.getLocalPort(), new byte[0]),
                SILENT);
        Socket accepted = server.accept();
        await().atMost(WAIT).until(() -> listen.isConnected() && connect.isConnected());

        for (AutoCloseable c : List.of(pty, listen, connect, slave, client, accepted, server)) {
            c.close();
        }

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("twin-"));
        assertThat(openDescriptors()).as("descriptors left open").isLessThanOrEqualTo(before);
    }

    @Test
    void behaviourThrows_deviceCrashesButStaysPluggedAndClosesCleanly() throws Exception {
        Twin twin = start("crash", TwinPlug.tcpListen(0), (port, context) -> {
            throw new IllegalStateException("device bug (test)");
        });
        connect(twin.listeningPort().orElseThrow());

        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("twin-crash")));
        assertThat(twin.isPlugged()).isTrue();
        assertThat(twin.isConnected()).isFalse();
    }

    @Test
    void floodAfterFirstFrame_writesAsFastAsThePeerReadsThenStreamsOn() throws Exception {
        TickerTwin ticker = new TickerTwin(TICK, 2, FaultPlan.builder().floodAfter(1, Duration.ofMillis(300))
                .noiseForbidden((byte) '\n').build());
        Twin twin = start("flood", TwinPlug.tcpListen(0), ticker);
        TcpPeer peer = connect(twin.listeningPort().orElseThrow());

        assertThat(peer.line()).isEqualTo(TickerTwin.frame(1));
        String floodThenSecond = peer.line();

        long flooded = ticker.faults().counters().get(Faults.Injected.FLOOD_BYTES);
        assertThat(flooded).isGreaterThan(10_000);
        assertThat(floodThenSecond).hasSize((int) flooded + TickerTwin.frame(2).length())
                .endsWith(TickerTwin.frame(2));
        assertThat(twin.counters().get(Twin.Count.BYTES_WRITTEN)).isEqualTo(floodThenSecond.length()
                + TickerTwin.frame(1).length());
    }

    private Twin start(String name, TwinPlug plug, TwinBehaviour behaviour) throws IOException {
        Twin twin = Twin.start(name, plug, behaviour, events);
        toClose.add(twin);
        return twin;
    }

    private TcpPeer connect(int port) throws IOException {
        TcpPeer peer = TcpPeer.connect(port);
        toClose.add(peer);
        return peer;
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** The engine's events by name, in order. */
    private static final class Events implements Twin.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void plugged(String where) {
            seen.add("plugged");
        }

        @Override
        public void unplugged() {
            seen.add("unplugged");
        }

        @Override
        public void connected(String peer) {
            seen.add("connected");
        }

        @Override
        public void disconnected(String peer) {
            seen.add("disconnected");
        }
    }
}
