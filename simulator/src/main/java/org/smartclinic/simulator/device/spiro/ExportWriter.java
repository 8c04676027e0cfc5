package org.smartclinic.simulator.device.spiro;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;

/**
 * Writes an export file as the SP-80's PC software does: under its final name (no temporary name and rename, so a
 * reader may see it half written), never over an existing file, and when slow, in chunks with pauses between
 * them, each chunk flushed so a reader sees the file grow.
 */
final class ExportWriter {

    /** Waits up to a duration; the writer goes on either way (a twin being closed cuts its pauses short). */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration);
    }

    private ExportWriter() {
    }

    static void write(Path file, byte[] bytes, int chunks, Duration over, Pause pause) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int size = Math.max(1, (bytes.length + chunks - 1) / chunks);
            for (int from = 0; from < bytes.length; from += size) {
                if (from > 0) {
                    pause.pause(over.dividedBy(Math.max(1, chunks - 1)));
                }
                out.write(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size)));
                out.flush();
            }
        }
    }
}
