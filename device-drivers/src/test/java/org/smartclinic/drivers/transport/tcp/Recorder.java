package org.smartclinic.drivers.transport.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.smartclinic.drivers.transport.TransportListener;

/** A transport listener that keeps what it hears, for assertions; received bytes as ISO-8859-1 text. */
final class Recorder implements TransportListener {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<String> closes = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onBytes(byte[] data, int length) {
        synchronized (bytes) {
            bytes.write(data, 0, length);
        }
        String name = Thread.currentThread().getName();
        if (!threads.contains(name)) {
            threads.add(name);
        }
    }

    @Override
    public void onClosed(String reason) {
        closes.add(reason);
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    List<String> closes() {
        return closes;
    }

    /** Names of the threads that delivered bytes. */
    List<String> threads() {
        return threads;
    }
}
