package org.smartclinic.drivers.transport.folder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moves that settle a file: into {@code processed/} or into {@code failed/} with a {@code .reason.txt} next to
 * it. A move is a rename inside the export folder's file system, so a file is in the inbox or in the target, never
 * in both or neither. An existing file is never overwritten: on a name clash the moved file gets a suffix before its
 * extension ({@code a.csv}, {@code a-1.csv}, {@code a-2.csv}, ...). The clash check and the rename are two steps;
 * only the transport of this inbox moves files into these folders, so nothing comes between them.
 */
final class FolderMoves {

    static final String PROCESSED = "processed";
    static final String FAILED = "failed";
    static final String REASON_SUFFIX = ".reason.txt";

    private static final int MAX_SUFFIX = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FolderMoves.class);

    private final Path processed;
    private final Path failed;

    FolderMoves(Path inbox) {
        this.processed = inbox.resolve(PROCESSED);
        this.failed = inbox.resolve(FAILED);
    }

    Path processed() {
        return processed;
    }

    Path failed() {
        return failed;
    }

    /** Creates {@code processed/} and {@code failed/} unless they exist. */
    void createFolders() throws IOException {
        for (Path folder : new Path[] {processed, failed}) {
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                throw new IOException(folder + " exists but is not a folder: remove or rename it, the gateway"
                        + " moves settled files there");
            }
            Files.createDirectories(folder);
        }
    }

    /** Moves {@code file} into {@code processed/}; returns where it went. */
    Path toProcessed(Path file) throws IOException {
        return moveWithoutOverwrite(file, processed);
    }

    /**
     * Moves {@code file} into {@code failed/} and writes {@code <moved name>.reason.txt} next to it, plain UTF-8
     * text with the original name, the time and {@code reason}; returns where the file went. A reason file that
     * cannot be written is logged: the file stays in {@code failed/} without it.
     */
    Path toFailed(Path file, String reason, Instant at) throws IOException {
        Path moved = moveWithoutOverwrite(file, failed);
        String text = "file: " + file.getFileName() + "\nmoved to: " + moved.getFileName() + "\nfailed at: " + at
                + "\nreason: " + reason.replace('\r', ' ').replace('\n', ' ') + "\n";
        try {
            Files.writeString(failed.resolve(moved.getFileName() + REASON_SUFFIX), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("a file was moved to {} but its reason file could not be written ({})", failed,
                    e.getClass().getSimpleName());
        }
        return moved;
    }

    private static Path moveWithoutOverwrite(Path file, Path folder) throws IOException {
        String name = file.getFileName().toString();
        for (int n = 0; n < MAX_SUFFIX; n++) {
            Path target = folder.resolve(n == 0 ? name : suffixed(name, n));
            try {
                // No REPLACE_EXISTING: an existing target is a FileAlreadyExistsException, never overwritten.
                return Files.move(file, target);
            } catch (FileAlreadyExistsException taken) {
                // try the next suffix
            }
        }
        throw new IOException("no free name for a file in " + folder + " after " + MAX_SUFFIX + " tries: clean it up");
    }

    /** {@code a.csv} with 2 is {@code a-2.csv}; a name without extension gets the suffix at its end. */
    static String suffixed(String name, int n) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot);
    }
}
