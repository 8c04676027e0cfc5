package org.smartclinic.drivers.transport.folder;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link FolderTransport} looks for export files and how it decides a file is complete.
 *
 * @param inbox        the export folder the device (or its PC software) writes into
 * @param pattern      glob on the file name, e.g. {@code *.csv} or {@code SP80_*.{csv,CSV}}; case-sensitive on
 *                     Linux; default {@code *}
 * @param stableFor    a file is read only after its size and modification time stayed the same for this long, so
 *                     a file still being written is never read; default 2 s
 * @param pollInterval how often the folder is listed; default 500 ms
 * @param maxFileSize  larger files are never read: they go to {@code failed/} at once; bytes, default 10 MiB
 */
public record FolderSettings(Path inbox, String pattern, Duration stableFor, Duration pollInterval,
        long maxFileSize) {

    public static final String DEFAULT_PATTERN = "*";
    public static final Duration DEFAULT_STABLE_FOR = Duration.ofSeconds(2);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;

    /**
     * @throws IllegalArgumentException for an empty or invalid glob, a negative {@code stableFor}, a
     *                                  {@code pollInterval} that is not positive or a {@code maxFileSize} below 1
     */
    public FolderSettings {
        Objects.requireNonNull(inbox, "inbox");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(stableFor, "stableFor");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("the file pattern is empty: use * for every file");
        }
        matcher(pattern);
        if (stableFor.isNegative()) {
            throw new IllegalArgumentException("stableFor must not be negative: " + stableFor);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        if (maxFileSize < 1) {
            throw new IllegalArgumentException("maxFileSize must be at least 1 byte: " + maxFileSize);
        }
    }

    /** Every file in {@code inbox}, with the defaults above. */
    public static FolderSettings of(Path inbox) {
        return new FolderSettings(inbox, DEFAULT_PATTERN, DEFAULT_STABLE_FOR, DEFAULT_POLL_INTERVAL,
                DEFAULT_MAX_FILE_SIZE);
    }

    public FolderSettings withPattern(String value) {
        return new FolderSettings(inbox, value, stableFor, pollInterval, maxFileSize);
    }

    public FolderSettings withStableFor(Duration value) {
        return new FolderSettings(inbox, pattern, value, pollInterval, maxFileSize);
    }

    public FolderSettings withPollInterval(Duration value) {
        return new FolderSettings(inbox, pattern, stableFor, value, maxFileSize);
    }

    public FolderSettings withMaxFileSize(long value) {
        return new FolderSettings(inbox, pattern, stableFor, pollInterval, value);
    }

    /** The pattern as a matcher of file names. */
    PathMatcher matcher() {
        return matcher(pattern);
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file pattern '" + glob + "' is not a valid glob: " + e.getMessage(),
                    e);
        }
    }
}
