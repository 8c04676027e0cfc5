package org.smartclinic.drivers.transport.folder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.transport.MessageListener;

/**
 * The body of a {@link FolderTransport}'s poller thread: each round checks the folder is still there, lists it,
 * moves oversized files away unread, hands over the next stable file when none is in flight, then waits for the
 * next round (or a settlement, or close). Stops when the transport is closed or the folder is gone.
 */
final class FolderPoller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderPoller.class);
    private static final List<String> TEMPORARY_SUFFIXES = List.of(".tmp", ".part", ".partial");

    private final FolderSettings settings;
    private final Path inbox;
    private final PathMatcher matcher;
    private final FolderMoves moves;
    private final InboxState state;
    private final FolderStats stats;
    private final MessageListener listener;
    private final String where;
    private final AtomicBoolean ended = new AtomicBoolean();

    FolderPoller(FolderSettings settings, FolderMoves moves, InboxState state, FolderStats stats,
            MessageListener listener, String where) {
        this.settings = settings;
        this.inbox = settings.inbox().toAbsolutePath();
        this.matcher = settings.matcher();
        this.moves = moves;
        this.state = state;
        this.stats = stats;
        this.listener = listener;
        this.where = where;
    }

    @Override
    public void run() {
        try {
            while (!state.isClosed()) {
                String gone = gone();
                if (gone != null) {
                    end(gone);
                    return;
                }
                state.update(list(), settings.maxFileSize()).forEach(this::failUnread);
                offerNext();
                state.awaitNextPoll(settings.pollInterval());
            }
        } catch (IOException e) {
            end("export folder " + inbox + " is gone or unreadable (" + e.getClass().getSimpleName()
                    + "): USB stick pulled or share unmounted?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: the folder poller failed; the link reconnects", where, e);
            end("internal error while watching export folder " + inbox + ": " + e);
        }
    }

    /** Why the folder can no longer be used, or null while it can. */
    private String gone() {
        if (!Files.isDirectory(inbox)) {
            return "export folder " + inbox + " is gone: USB stick pulled, share unmounted or folder removed?";
        }
        if (!Files.isReadable(inbox) || !Files.isWritable(inbox)) {
            return "export folder " + inbox + " is gone for the gateway: it can no longer read and write it";
        }
        if (!Files.isDirectory(moves.processed()) || !Files.isDirectory(moves.failed())) {
            return "export folder " + inbox + " is gone: its processed/ or failed/ folder disappeared (another stick"
                    + " or share mounted in its place?)";
        }
        return null;
    }

    /** The candidates in the inbox: regular files matching the pattern, not hidden, not temporary. */
    private List<StableFiles.Listed> list() throws IOException {
        List<StableFiles.Listed> listed = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(inbox)) {
            for (Path path : dir) {
                String name = path.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".") || TEMPORARY_SUFFIXES.stream().anyMatch(lower::endsWith)
                        || !matcher.matches(path.getFileName())) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        listed.add(new StableFiles.Listed(path, a.size(), a.lastModifiedTime()));
                    }
                } catch (NoSuchFileException vanished) {
                    // deleted between listing and looking: nothing to do
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        return listed;
    }

    private void offerNext() {
        StableFiles.Listed file = state.claimNext(settings.stableFor(), settings.maxFileSize());
        byte[] bytes = file == null ? null : read(file);
        if (bytes == null) {
            return;
        }
        String name = file.path().getFileName().toString();
        Map<String, String> attributes = Map.of("file.name", name, "file.size", Long.toString(bytes.length),
                "file.modified", file.modified().toInstant().toString());
        stats.handedOverOne();
        LOG.debug("{}: handing over {} ({} bytes)", where, name, bytes.length);
        try {
            listener.onMessage(new InboundMessage(name, bytes, Instant.now(), attributes),
                    new FileDelivery(file.path(), moves, state, stats, where));
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener failed on a file; it is offered again later", where, e);
            state.finish(file.path(), true);
        }
    }

    /**
     * The file's bytes, at most {@code maxFileSize + 1} of them; null (and the file released) when it vanished,
     * could not be read, or changed since it was found stable (it grew too big, or is still being written).
     */
    private byte[] read(StableFiles.Listed file) {
        byte[] bytes;
        BasicFileAttributes after;
        try (InputStream in = Files.newInputStream(file.path())) {
            bytes = in.readNBytes((int) Math.min(settings.maxFileSize() + 1, Integer.MAX_VALUE - 8));
            after = Files.readAttributes(file.path(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            state.finish(file.path(), false);
            return null;
        } catch (IOException e) {
            LOG.warn("{}: a file could not be read ({}); it is offered again later", where,
                    e.getClass().getSimpleName());
            LOG.debug("{}: reading {} failed", where, file.path(), e);
            state.finish(file.path(), true);
            return null;
        }
        if (bytes.length != file.size() || after.size() != file.size()
                || !after.lastModifiedTime().equals(file.modified())) {
            state.changed(file.path());
            return null;
        }
        return bytes;
    }

    /** Moves a file over the size limit to failed/ without reading it; a failed move is tried again later. */
    private void failUnread(StableFiles.Listed file) {
        String reason = "file has " + file.size() + " bytes, more than the limit of " + settings.maxFileSize()
                + " bytes (maxFileSize): not read";
        try {
            moves.toFailed(file.path(), reason, Instant.now());
            stats.oversizedOne();
            stats.failedOne();
            LOG.warn("{}: a file of {} bytes was moved to failed/ unread: more than the limit of {}", where,
                    file.size(), settings.maxFileSize());
            state.putAside(file.path(), false);
        } catch (IOException e) {
            boolean stays = Files.exists(file.path());
            if (stays) {
                stats.moveFailedOne();
                LOG.warn("{}: moving an oversized file to failed/ failed ({}); tried again later", where,
                        e.getClass().getSimpleName());
            }
            state.putAside(file.path(), stays);
        }
    }

    private void end(String reason) {
        if (!state.isClosed() && ended.compareAndSet(false, true)) {
            LOG.debug("{} ended: {}", where, reason);
            listener.onClosed(reason);
        }
    }
}
