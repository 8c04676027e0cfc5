package org.smartclinic.drivers.codec.astm.link;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of the message being received: the complete ones, and the text of the one still running on
 * through intermediate frames. A frame's text is first planned (checked, cut into records, the terminator record
 * found), then committed, so a frame that breaks a rule changes nothing.
 */
final class RecordAssembly {

    /**
     * What adding a frame's text would do.
     *
     * @param added      records it completes, empty ones left out
     * @param tail       text after the last record it completes: the running record's new text, or (when
     *                   {@code appends}) more text for the running record
     * @param appends    true if the frame completes no record, so {@code tail} continues the running record
     * @param terminator index in {@code added} of the last terminator record ({@code L}) it completes, or -1
     * @param delimiter  the field delimiter afterwards (from the last header record)
     * @param problem    why the frame breaks the one-record-per-frame rule, or null
     */
    record Plan(List<String> added, String tail, boolean appends, int terminator, char delimiter, String problem) {
    }

    /** Enough to put the assembly back as it was. */
    record Snapshot(List<String> records, String partial, char delimiter) {
    }

    private static final char DEFAULT_DELIMITER = '|';

    private final List<String> records = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private char delimiter = DEFAULT_DELIMITER;
    private int chars;

    /**
     * @param last   the frame ends with ETX: its text ends the running record, with or without the closing CR
     * @param packed several records per frame are allowed
     */
    Plan plan(String text, boolean last, boolean packed) {
        int cr = text.indexOf('\r');
        if (!packed && cr >= 0 && !(last && cr == text.length() - 1)) {
            return new Plan(List.of(), "", true, -1, delimiter, "CR at text position " + cr
                    + " ends a record inside the frame (records sharing frames need the packedRecords leniency)");
        }
        String t = last && !text.endsWith("\r") ? text + '\r' : text;
        cr = t.indexOf('\r');
        if (cr < 0) {
            return new Plan(List.of(), t, true, -1, delimiter, null);
        }
        List<String> added = new ArrayList<>();
        int terminator = -1;
        char d = delimiter;
        String record = partial + t.substring(0, cr);
        int from = cr + 1;
        while (record != null) {
            if (!record.isEmpty()) {
                if (record.charAt(0) == 'H' && record.length() > 1) {
                    d = record.charAt(1);
                }
                if (record.charAt(0) == 'L' && (record.length() == 1 || record.charAt(1) == d)) {
                    terminator = added.size();
                }
                added.add(record);
            }
            int end = t.indexOf('\r', from);
            record = end < 0 ? null : t.substring(from, end);
            from = end < 0 ? from : end + 1;
        }
        return new Plan(added, t.substring(from), false, terminator, d, null);
    }

    void commit(Plan plan) {
        if (!plan.appends()) {
            chars -= partial.length();
            partial.setLength(0);
        }
        partial.append(plan.tail());
        chars += plan.tail().length();
        for (String r : plan.added()) {
            records.add(r);
            chars += r.length();
        }
        delimiter = plan.delimiter();
    }

    /** Removes and returns the records up to and including {@code index}. */
    List<String> takeThrough(int index) {
        List<String> head = new ArrayList<>(records.subList(0, index + 1));
        records.subList(0, index + 1).clear();
        head.forEach(r -> chars -= r.length());
        return head;
    }

    /** Removes and returns every complete record. */
    List<String> takeAll() {
        return records.isEmpty() ? List.of() : takeThrough(records.size() - 1);
    }

    Snapshot snapshot() {
        return new Snapshot(List.copyOf(records), partial.toString(), delimiter);
    }

    void restore(Snapshot snapshot) {
        records.clear();
        records.addAll(snapshot.records());
        partial.setLength(0);
        partial.append(snapshot.partial());
        delimiter = snapshot.delimiter();
        recount();
    }

    void clear() {
        restore(new Snapshot(List.of(), "", DEFAULT_DELIMITER));
    }

    int size() {
        return records.size();
    }

    String partial() {
        return partial.toString();
    }

    boolean isEmpty() {
        return records.isEmpty() && partial.isEmpty();
    }

    /** Characters held, complete records and running record together. */
    int chars() {
        return chars;
    }

    private void recount() {
        int n = partial.length();
        for (String r : records) {
            n += r.length();
        }
        chars = n;
    }
}
