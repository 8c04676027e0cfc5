package org.smartclinic.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartclinic.drivers.transport.TransportListener;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;
import org.smartclinic.simulator.pty.Pty;

class SerialTransportIT {

    @TempDir
    Path dir;

    private final Recorder recorder = new Recorder();

    @Test
    void open_symlinkToPty_bytesFlowBothWays() throws Exception {
        Path link = dir.resolve("bp1");
        try (Pty pty = Pty.open(link); SerialTransport transport = transport(link)) {
            transport.open(recorder);
            byte[] frame = "$S,0001,20261123101500,READY*00\r\n".getBytes(StandardCharsets.US_ASCII);

            pty.write(frame);
            transport.write(new byte[] {0x06, 0x15});

            await().atMost(Duration.ofSeconds(5)).until(() -> recorder.bytes().length == frame.length);
            assertThat(recorder.bytes()).containsExactly(frame);
            assertThat(readFromMaster(pty, 2)).containsExactly(0x06, 0x15);
            assertThat(recorder.closes).isEmpty();
        }
    }

    @Test
    void unplug_ptyClosed_onClosedExactlyOnceAndWritesFail() throws Exception {
        Path link = dir.resolve("bp1");
        Pty pty = Pty.open(link);
        try (SerialTransport transport = transport(link)) {
            transport.open(recorder);

            pty.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.closes.isEmpty());
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> recorder.closes.size() == 1);
            assertThat(recorder.closes.get(0)).contains("unplugged");
            assertThatThrownBy(() -> transport.write(new byte[] {0x06})).isInstanceOf(IOException.class);
        }
    }

    @Test
    void close_byGateway_noOnClosedAndIdempotent() throws Exception {
        Path link = dir.resolve("bp1");
        try (Pty pty = Pty.open(link)) {
            SerialTransport transport = transport(link);
            transport.open(recorder);

            transport.close();
            transport.close();
            pty.write(new byte[] {'$'});

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> recorder.closes.isEmpty() && recorder.bytes().length == 0);
            assertThat(pty.read(new byte[4], Duration.ofMillis(50))).isZero();
        }
    }

    @Test
    void open_missingPath_ioExceptionTellsWhatToCheck() {
        Path missing = dir.resolve("ttyUSB7");

        assertThatThrownBy(() -> transport(missing).open(recorder)).isInstanceOf(IOException.class)
                .hasMessageContaining("port " + missing + " missing")
                .hasMessageContaining("plugged in");
    }

    @Test
    void open_linkToUnpluggedPty_ioExceptionNamesTheGoneTarget() throws Exception {
        Path link = dir.resolve("bp1");
        Files.createSymbolicLink(link, dir.resolve("pts-that-was"));

        assertThatThrownBy(() -> transport(link).open(recorder)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing").hasMessageContaining("pts-that-was");
    }

    @Test
    void open_aFolder_ioExceptionSaysNotASerialDevice() {
        assertThatThrownBy(() -> transport(dir).open(recorder)).isInstanceOf(IOException.class)
                .hasMessageContaining("folder");
    }

    @Test
    void describe_eightNoneOne_readsLikeAPortSpec() {
        SerialTransport transport = new SerialTransport(SerialSettings.eightNoneOne(9600).withPath("/dev/ttyUSB0"));

        assertThat(transport.describe()).isEqualTo("serial:/dev/ttyUSB0@9600/8N1");
    }

    private static SerialTransport transport(Path path) {
        return new SerialTransport(SerialSettings.eightNoneOne(9600).withPath(path.toString()));
    }

    private static byte[] readFromMaster(Pty pty, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16];
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            int r = pty.read(buf, Duration.ofMillis(100));
            if (r < 0) {
                break;
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    /** Collects what a transport reports. */
    static final class Recorder implements TransportListener {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<String> closes = new CopyOnWriteArrayList<>();

        @Override
        public synchronized void onBytes(byte[] data, int length) {
            received.write(data, 0, length);
        }

        @Override
        public void onClosed(String reason) {
            closes.add(reason);
        }

        synchronized byte[] bytes() {
            return received.toByteArray();
        }
    }
}
