package org.smartclinic.gateway.journal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/**
 * Whether the journal can write, as the last commit (or probe) found it; read by readiness without a query. Also
 * what an SQLite failure means for it: which result codes say the file cannot be written (as opposed to one bad
 * statement), and what a technician should do about each.
 *
 * @param failure why the last write failed, in a technician's words; null when it succeeded
 * @param since   when this state began
 */
public record WriteHealth(String failure, Instant since) {

    /** SQLite result codes that mean the file cannot be written (full, I/O error, read-only), not a bad statement. */
    private static final Set<Integer> STORAGE_ERRORS = Set.of(8, 10, 11, 13, 14, 26);

    public boolean ok() {
        return failure == null;
    }

    /** True if {@code e} means the file cannot be written, not that one statement was bad. */
    static boolean isStorageError(Exception e) {
        return e instanceof SQLException sql && STORAGE_ERRORS.contains(sql.getErrorCode() & 0xFF);
    }

    /** What a storage failure means and what to do, with SQLite's own message. */
    static String describe(SQLException e) {
        String why = switch (e.getErrorCode() & 0xFF) {
            case 13 -> "the disk (or the journal's size limit) is full: free space or raise smartclinic.journal.max-size";
            case 8 -> "the journal file is read-only: check its permissions and the file system";
            case 10 -> "an I/O error: check the disk";
            case 11, 26 -> "the journal file is damaged: restore it from a backup";
            default -> "the journal file cannot be opened: check the data folder";
        };
        return why + " (" + e.getMessage() + ")";
    }
}
