package org.smartclinic.simulator.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtyIT {

    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void write_masterToSlave_bytesArriveUntouchedWithoutEcho() throws Exception {
        byte[] sent = "$A\r\nB\n\r\u0003\u0006\u0015".getBytes(StandardCharsets.ISO_8859_1);
        try (Pty pty = Pty.open(null); FileChannel slave = openSlave(pty.slavePath())) {
            pty.write(sent);

            assertThat(readExactly(slave, sent.length)).containsExactly(sent);
            assertThat(pty.read(new byte[64], SHORT)).as("no echo back to the master").isZero();
        }
    }

    @Test
    void write_slaveToMaster_crAndLfUntouched() throws Exception {
        byte[] sent = "\u0006x\ny\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Pty pty = Pty.open(null); FileChannel slave = openSlave(pty.slavePath())) {
            slave.write(ByteBuffer.wrap(sent));

            assertThat(readMaster(pty, sent.length)).containsExactly(sent);
        }
    }

    @Test
    void write_beforeSlaveOpened_bytesWaitForTheReader() throws Exception {
        byte[] sent = "$S,0001*00\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Pty pty = Pty.open(null)) {
            pty.write(sent);
            try (FileChannel slave = openSlave(pty.slavePath())) {
                assertThat(readExactly(slave, sent.length)).containsExactly(sent);
            }
        }
    }

    @Test
    void read_nobodyOnSlave_timesOutWithZero() throws Exception {
        try (Pty pty = Pty.open(null)) {
            assertThat(pty.read(new byte[8], Duration.ofMillis(50))).isZero();
        }
    }

    @Test
    void close_slaveReaderBlocked_readerSeesHangUp() throws Exception {
        Pty pty = Pty.open(null);
        try (FileChannel slave = openSlave(pty.slavePath())) {
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return slave.read(ByteBuffer.allocate(16));
                } catch (IOException e) {
                    return -2;
                }
            }, pool);
            pty.close();

            assertThat(read.get(5, TimeUnit.SECONDS)).as("-1 (EOF) or -2 (EIO)").isNegative();
        }
    }

    @Test
    void close_masterReaderBlocked_readReturnsMinusOnePromptly() throws Exception {
        Pty pty = Pty.open(null);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pty.read(new byte[16], Duration.ofMinutes(1));
            } catch (IOException e) {
                return -2;
            }
        }, pool);
        await().atMost(Duration.ofSeconds(2)).until(() -> pty.isOpen());
        pty.close();

        assertThat(read.get(2, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(pty.read(new byte[1], SHORT)).isEqualTo(-1);
        assertThatThrownBy(() -> pty.write(new byte[] {1})).isInstanceOf(IOException.class);
    }

    @Test
    void write_lineBufferFullAndTimeout_returnsWhatFit() throws Exception {
        try (Pty pty = Pty.open(null)) {
            byte[] big = new byte[1 << 20];

            int written = pty.write(big, Duration.ofMillis(200));

            assertThat(written).isPositive().isLessThan(big.length);
        }
    }

    @Test
    void open_withLink_linkPointsToSlaveAndGoesOnClose() throws Exception {
        Path link = dir.resolve("sub/bp1");
        Pty pty = Pty.open(link);

        assertThat(Files.readSymbolicLink(link)).isEqualTo(pty.slavePath());
        assertThat(pty.slavePath().toString()).startsWith("/dev/pts/");
        pty.close();
        assertThat(link).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isFalse();
    }

    @Test
    void open_linkAlreadyThere_replacedAtomicallyAndOldCloseKeepsNewLink() throws Exception {
        Path link = dir.resolve("bp1");
        Pty first = Pty.open(link);
        List<Throwable> gaps = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (watching.get()) {
                try {
                    Files.readSymbolicLink(link);
                    reads.incrementAndGet();
                } catch (IOException e) {
                    gaps.add(e);
                }
            }
        }, pool);
        // The watcher must be reading while the link is replaced: on a busy machine its thread can
        // start after twenty replacements are already done, and then it proves nothing.
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() > 0);
        Pty latest = first;
        for (int i = 0; i < 20; i++) {
            int seen = reads.get();
            Pty next = Pty.open(link);
            latest.close();
            latest = next;
            await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() > seen);
        }
        watching.set(false);
        watcher.get(5, TimeUnit.SECONDS);

        assertThat(gaps).as("the link never went missing while replaced").isEmpty();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(latest.slavePath());
        latest.close();
    }

    @Test
    void open_regularFileAtLink_refusesWithHint() throws Exception {
        Path file = Files.writeString(dir.resolve("precious.txt"), "keep me");

        assertThatThrownBy(() -> Pty.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a symbolic link").hasMessageContaining("--link");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void openAndClose_manyTimes_leavesNoDescriptorBehind() throws Exception {
        long before = openDescriptors();
        for (int i = 0; i < 20; i++) {
            try (Pty pty = Pty.open(dir.resolve("x"))) {
                pty.write(new byte[] {'a'});
            }
        }
        assertThat(openDescriptors()).isEqualTo(before);
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static FileChannel openSlave(Path slave) throws IOException {
        return FileChannel.open(slave, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private byte[] readExactly(FileChannel channel, int n) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            ByteBuffer buf = ByteBuffer.allocate(n);
            try {
                while (buf.hasRemaining() && channel.read(buf) >= 0) {
                    // keep reading until n bytes arrived
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return buf.array();
        }, pool).get(5, TimeUnit.SECONDS);
    }

    private static byte[] readMaster(Pty pty, int n) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        byte[] buf = new byte[64];
        while (got < n && System.nanoTime() < deadline) {
            int r = pty.read(buf, Duration.ofMillis(100));
            if (r < 0) {
                break;
            }
            System.arraycopy(buf, 0, out, got, Math.min(r, n - got));
            got += r;
        }
        assertThat(got).isEqualTo(n);
        return out;
    }
}
