package org.smartclinic.drivers.transport.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.transport.MessageListener;
import org.smartclinic.drivers.transport.MessageTransport;

/**
 * An export folder as a source of whole messages: each complete file is one message, settled by moving it.
 *
 * <pre>
 *   inbox/                    files the device's PC software writes (matching the pattern)
 *     processed/              accepted: its readings are journaled
 *     failed/                 rejected for good, each with &lt;name&gt;.reason.txt
 * </pre>
 *
 * <p><b>Polling, not {@code WatchService}.</b> One daemon thread, {@code folder-<inbox name>}, lists the folder
 * every {@link FolderSettings#pollInterval()}. Change events are not delivered reliably for network shares (SMB,
 * NFS) and removable media, which is where export folders live, and they say nothing about whether a file is
 * complete; a listing works everywhere and is what stability needs anyway.
 *
 * <p><b>Complete files only.</b> Regular files whose name matches the pattern are candidates; hidden names
 * ({@code .x}), temporary names ({@code *.tmp}, {@code *.part}, {@code *.partial}) and folders are ignored. A
 * candidate is read only after its size and modification time stayed the same for
 * {@link FolderSettings#stableFor()} across polls, and is not handed over if it changed while being read, so a
 * file still being written is never read. A file larger than {@link FolderSettings#maxFileSize()} is never read
 * into memory: it goes to {@code failed/} at once with a reason file, counted in {@link FolderStats#oversized()}.
 *
 * <p><b>Hand-over.</b> One file in flight at a time, oldest modification time first (then name), each handed over
 * with attributes {@code file.name}, {@code file.size} and {@code file.modified} (ISO-8601 instant); the next is
 * offered only when the previous one is settled, so order is kept and memory bounded by one file. The file's
 * {@link org.smartclinic.drivers.transport.Delivery} (from any thread): {@code accept} moves it to
 * {@code processed/}, {@code reject} to {@code failed/} with the reason, {@code retry} leaves it to be offered
 * again after a backoff of 1 s doubling to 30 s per file (newer files ready meanwhile go first). A move never
 * overwrites: on a name clash the file gets a suffix ({@code a-1.csv}, {@code a-2.csv}, ...). A move that fails
 * leaves the file in the inbox, offered again like a retry.
 *
 * <p><b>Exactly once across restarts.</b> A file leaves the inbox only on {@code accept}, which the link calls
 * after the sink has journaled the file's readings durably. A crash before that commit loses nothing: the file is
 * still in the inbox. A crash after the commit but before the rename leaves it there too, and the next start hands
 * the same file over again; the driver derives the same reading key from it (the export's own test id) and the
 * journal's de-duplication by device and key makes the second store a success that changes nothing, after which
 * the file moves. The rename is atomic within the folder's file system: a file is never in two places or none.
 *
 * <p><b>Folder gone.</b> When the inbox, or its {@code processed/} or {@code failed/}, disappears or can no longer
 * be read while open (USB stick pulled, share unmounted), {@link MessageListener#onClosed} is called once and
 * polling stops; the link reconnects with backoff, and {@link #open} fails until the folder is back.
 * {@link #close()} stops the poller promptly (it waits on a condition that close signals), is idempotent and
 * leaves an unsettled file where it is.
 *
 * <p>File names may carry patient names on some devices: they are logged at DEBUG only.
 */
public final class FolderTransport implements MessageTransport {

    /** How long {@link #close()} waits for the poller to finish a file it is reading. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(FolderTransport.class);

    private final FolderSettings settings;
    private final FolderStats stats;
    private final Path inbox;
    private final FolderMoves moves;
    private final InboxState state = new InboxState();
    private Thread poller;

    /** A transport with counters of its own. */
    public FolderTransport(FolderSettings settings) {
        this(settings, new FolderStats());
    }

    /** A transport adding to {@code stats}, shared with the earlier transports of the same device. */
    public FolderTransport(FolderSettings settings, FolderStats stats) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.inbox = settings.inbox().toAbsolutePath();
        this.moves = new FolderMoves(inbox);
    }

    /**
     * Checks the folder, creates {@code processed/} and {@code failed/} in it and starts the poller.
     *
     * @throws IOException saying what to fix: the folder is missing, is a file, or is not readable and writable
     */
    @Override
    public synchronized void open(MessageListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (poller != null || state.isClosed()) {
            throw new IllegalStateException(describe() + " was already opened; use a new transport per attempt");
        }
        checkInbox();
        moves.createFolders();
        Thread t = new Thread(new FolderPoller(settings, moves, state, stats, listener, describe()),
                "folder-" + (inbox.getFileName() == null ? inbox : inbox.getFileName()));
        t.setDaemon(true);
        poller = t;
        t.start();
        LOG.debug("watching {}", describe());
    }

    /** Stops the poller, waiting up to {@link #CLOSE_WAIT} for a file it is reading; idempotent, never throws. */
    @Override
    public void close() {
        if (state.isClosed()) {
            return;
        }
        state.close();
        Thread t;
        synchronized (this) {
            t = poller;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT.toMillis());
                if (t.isAlive()) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code folder:<inbox absolute path> (<pattern>)}. */
    @Override
    public String describe() {
        return "folder:" + inbox + " (" + settings.pattern() + ")";
    }

    /** The counters this transport adds to. */
    public FolderStats stats() {
        return stats;
    }

    private void checkInbox() throws IOException {
        if (!Files.exists(inbox)) {
            throw new IOException("export folder " + inbox + " missing: create it, or fix the folder path in the"
                    + " device's configuration (smartclinic.devices.<id>.folder.path)");
        }
        if (!Files.isDirectory(inbox)) {
            throw new IOException("export folder " + inbox + " is a file, not a folder: fix the folder path in the"
                    + " device's configuration");
        }
        if (!Files.isReadable(inbox) || !Files.isWritable(inbox)) {
            throw new IOException("no permission to read and write export folder " + inbox + ": give the gateway's"
                    + " user read and write access (it moves files into processed/ and failed/)");
        }
    }
}
