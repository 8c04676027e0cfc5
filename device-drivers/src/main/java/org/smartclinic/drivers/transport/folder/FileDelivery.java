package org.smartclinic.drivers.transport.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.transport.Delivery;

/**
 * The settlement of one file handed over by a {@link FolderTransport}: {@code accept} moves it to
 * {@code processed/}, {@code reject} to {@code failed/} with its reason, {@code retry} leaves it for later. The
 * first call wins, later ones are logged and ignored; replies are dropped (a folder cannot answer its device). May
 * be called from any thread, also after the transport was closed (the link may finish storing a file while it
 * shuts down): the move still happens. A move that fails leaves the file in the inbox, offered again like a retry.
 */
final class FileDelivery implements Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(FileDelivery.class);

    private final Path file;
    private final FolderMoves moves;
    private final InboxState state;
    private final FolderStats stats;
    private final String where;
    private final AtomicBoolean settled = new AtomicBoolean();

    FileDelivery(Path file, FolderMoves moves, InboxState state, FolderStats stats, String where) {
        this.file = file;
        this.moves = moves;
        this.state = state;
        this.stats = stats;
        this.where = where;
    }

    @Override
    public void accept(byte[] reply) {
        if (settle("accept")) {
            try {
                moves.toProcessed(file);
                stats.processedOne();
                LOG.debug("{}: {} moved to processed/", where, file.getFileName());
                state.finish(file, false);
            } catch (IOException e) {
                state.finish(file, moveFailed("processed/", e));
            }
        }
    }

    @Override
    public void reject(String reason, byte[] reply) {
        if (settle("reject")) {
            try {
                moves.toFailed(file, reason, Instant.now());
                stats.failedOne();
                LOG.debug("{}: {} moved to failed/: {}", where, file.getFileName(), reason);
                state.finish(file, false);
            } catch (IOException e) {
                state.finish(file, moveFailed("failed/", e));
            }
        }
    }

    @Override
    public void retry(String reason, byte[] reply) {
        if (settle("retry")) {
            stats.retriedOne();
            LOG.debug("{}: {} left for later: {}", where, file.getFileName(), reason);
            state.finish(file, true);
        }
    }

    /** Logs a failed move; true if the file is still in the inbox, to be offered again. */
    private boolean moveFailed(String target, IOException e) {
        if (!Files.exists(file)) {
            LOG.debug("{}: {} vanished before it could be moved to {}", where, file.getFileName(), target);
            return false;
        }
        stats.moveFailedOne();
        LOG.warn("{}: moving a file to {} failed ({}); it stays and is offered again later", where, target,
                e.getClass().getSimpleName());
        LOG.debug("{}: moving {} failed", where, file, e);
        return true;
    }

    private boolean settle(String how) {
        if (settled.compareAndSet(false, true)) {
            return true;
        }
        LOG.warn("{}: a file was settled twice (the second time as {}); ignored", where, how);
        return false;
    }
}
