package org.smartclinic.drivers.codec.astm.record;

import java.util.Objects;
import java.util.Optional;

/**
 * Reads the records of one ASTM E1394-97 / CLSI LIS2-A2 message, as the link layer delivers them, into an
 * {@link AstmMessage}:
 * <pre>
 *   H|\^&amp;|||XN-350^00-18^11001|||||||P|LIS2-A2|20240611083000 CR
 *   P|1||PID-1 CR
 *   O|1|SAMPLE-7||^^^WBC\^^^RBC|R CR
 *   R|1|^^^WBC|7.2|10*3/uL||N||F CR
 *   L|1|N CR
 * </pre>
 * Records are separated by CR (a last CR is optional); the delimiters are read from characters 2..5 of the
 * header, which must come first. Each record is split at field, repeat and component delimiters, then each
 * component's escape sequences are resolved: {@code &F& &S& &R& &E&} give the delimiters back, {@code &Xhh..&}
 * bytes in the options' hex charset; highlighting ({@code &H& &N&}) and unknown escapes are kept as sent.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>The result is a value, never an exception: {@link AstmParseResult.Accepted} with its non-fatal problems,
 *       or {@link AstmParseResult.Refused} when a problem is fatal: no header first, bad delimiters, an unknown
 *       record type, no terminator, a limit exceeded. Whether a condition is fatal can depend on the options;
 *       each leniency is described in {@link AstmParseOptions}.</li>
 *   <li>Bounded: records, fields, repeats, components and value lengths are checked against
 *       {@link AstmLimits} while reading; the first limit exceeded stops the parse. Time is linear in the text's
 *       length.</li>
 *   <li>Nothing is dropped silently: a record out of the hierarchy's order is kept raw in
 *       {@link AstmMessage#unexpected()}; a bad escape is kept as sent; each is reported.</li>
 *   <li>Problems carry the record's number as delivered and positions, never values, so they can be logged
 *       without patient data; only an unknown record type shows its first two characters, as the type.</li>
 * </ul>
 * Instances are immutable and may be shared between threads.
 */
public final class AstmMessageParser {

    private final AstmParseOptions options;

    /** A parser with these options. */
    public AstmMessageParser(AstmParseOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A parser following the standard ({@link AstmParseOptions#STRICT}). */
    public AstmMessageParser() {
        this(AstmParseOptions.STRICT);
    }

    public AstmParseOptions options() {
        return options;
    }

    /**
     * Reads one message.
     *
     * @param text the message's records, as the link layer delivered them
     * @return the message and its problems, or the refusal and its problems; never null
     */
    public AstmParseResult parse(CharSequence text) {
        Objects.requireNonNull(text, "text");
        AstmProblemLog log = new AstmProblemLog(options.limits().maxProblems());
        Optional<AstmMessage> message;
        try {
            message = new Run(text.toString(), options, log).read();
        } catch (RuntimeException e) {
            // A parser bug must not take the port down: it refuses this message and says so.
            log.fatal(0, AstmProblem.Code.INTERNAL_ERROR, "parser failure " + e.getClass().getSimpleName()
                    + "; please report it with the message");
            message = Optional.empty();
        }
        if (message.isEmpty() || log.anyFatal()) {
            return new AstmParseResult.Refused(log.list());
        }
        return new AstmParseResult.Accepted(message.get(), log.list());
    }

    /** One parse: the lines of the text, grouped into records, read and placed in order. */
    private static final class Run {
        private final String text;
        private final AstmParseOptions options;
        private final AstmProblemLog log;
        private int pos;
        private int lineNumber;
        private AstmDelimiters delimiters;
        private AstmRecordReader reader;
        private AstmMessageAssembler assembler;
        /** The record read so far, null for none; its continuations in {@link #joined}, null if none. */
        private String pending;
        private StringBuilder joined;
        private int pendingNumber;
        private int records;

        Run(String text, AstmParseOptions options, AstmProblemLog log) {
            this.text = text;
            this.options = options;
            this.log = log;
        }

        Optional<AstmMessage> read() {
            String line;
            while ((line = nextLine()) != null) {
                if (delimiters == null) {
                    if (line.isEmpty()) {
                        log.warn(lineNumber, AstmProblem.Code.EMPTY_RECORD, "empty record skipped");
                    } else if (!header(line)) {
                        return Optional.empty();
                    }
                    continue;
                }
                boolean joins = !line.isEmpty() && !isRecordStart(line) && options.joinSplitRecords()
                        && pending != null;
                if (joins) {
                    if (joined == null) {
                        joined = new StringBuilder(pending);
                    }
                    joined.append(line);
                    log.warn(pendingNumber, AstmProblem.Code.JOINED_RECORD, "delivered record " + lineNumber + " ("
                            + line.length() + " characters) is no record start; appended to record " + pendingNumber);
                    continue;
                }
                // The record before is complete: read it first, so problems come in record order.
                if (!flush()) {
                    return Optional.empty();
                }
                if (line.isEmpty()) {
                    log.warn(lineNumber, AstmProblem.Code.EMPTY_RECORD, "empty record skipped");
                } else if (isRecordStart(line)) {
                    pending = line;
                    pendingNumber = lineNumber;
                } else {
                    log.fatal(lineNumber, AstmProblem.Code.UNKNOWN_RECORD_TYPE, "record type " + show(line.charAt(0))
                            + (Character.isLowerCase(line.charAt(0)) ? " (lower case)" : "")
                            + (line.length() > 1 ? " followed by " + show(line.charAt(1)) : ""));
                }
            }
            if (delimiters == null) {
                log.fatal(0, AstmProblem.Code.EMPTY_MESSAGE, "no record at all");
                return Optional.empty();
            }
            return flush() ? Optional.of(assembler.finish()) : Optional.empty();
        }

        /** The next line without its separator, or null at the end; a separator at the very end ends nothing. */
        private String nextLine() {
            if (pos >= text.length()) {
                return null;
            }
            int end = pos;
            while (end < text.length() && !isSeparator(text.charAt(end))) {
                end++;
            }
            String line = text.substring(pos, end);
            pos = end + 1;
            if (end < text.length() && text.charAt(end) == '\r' && options.acceptLineFeeds()
                    && pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
            lineNumber++;
            return line;
        }

        private boolean isSeparator(char c) {
            return c == '\r' || (c == '\n' && options.acceptLineFeeds());
        }

        /** Reads the delimiters from the first record; false (reported) when it is no usable header. */
        private boolean header(String line) {
            if (type(line.charAt(0)) != 'H') {
                log.fatal(lineNumber, AstmProblem.Code.NO_HEADER, "first record is " + show(line.charAt(0))
                        + ", not a header (H)");
                return false;
            }
            Optional<AstmDelimiters> found = line.length() >= 5
                    ? AstmDelimiters.fromDefinition(line.substring(1, 5)) : Optional.empty();
            if (found.isEmpty() || (line.length() > 5 && line.charAt(5) != found.get().field())) {
                log.fatal(lineNumber, AstmProblem.Code.BAD_DELIMITERS, "H characters 2 to 5 must be four distinct "
                        + "delimiters (field, repeat, component, escape) other than CR and LF, then a field delimiter");
                return false;
            }
            delimiters = found.get();
            reader = new AstmRecordReader(delimiters, options, log);
            pending = line;
            pendingNumber = lineNumber;
            return true;
        }

        /** Reads and places the pending record, if any; false when a limit stopped the parse. */
        private boolean flush() {
            if (pending == null) {
                return true;
            }
            String recordText = joined == null ? pending : joined.toString();
            pending = null;
            joined = null;
            if (++records > options.limits().maxRecords()) {
                log.fatal(pendingNumber, AstmProblem.Code.TOO_MANY_RECORDS,
                        "more than " + options.limits().maxRecords() + " records");
                return false;
            }
            char type = type(recordText.charAt(0));
            Optional<AstmRecord> record = reader.read(recordText, type, pendingNumber);
            if (record.isEmpty()) {
                return false;
            }
            if (assembler == null) {
                if (!record.get().value(2).equals(delimiters.definition().substring(1))) {
                    // Only a joined line can do this: "H|\^&" + "x..." moves the definition's end.
                    log.fatal(pendingNumber, AstmProblem.Code.BAD_DELIMITERS,
                            "the header joined with the line after it no longer has a field delimiter after H.2");
                    return false;
                }
                AstmHeader header = new AstmHeader(delimiters, record.get());
                assembler = new AstmMessageAssembler(header, pendingNumber, options, log);
            } else {
                assembler.accept(record.get(), pendingNumber);
            }
            return true;
        }

        private boolean isRecordStart(String line) {
            return AstmRecord.TYPES.indexOf(type(line.charAt(0))) >= 0
                    && (line.length() == 1 || line.charAt(1) == delimiters.field());
        }

        /** The record type a first character stands for, lower case folded when accepted; 0 for none. */
        private char type(char c) {
            if (AstmRecord.TYPES.indexOf(c) >= 0) {
                return c;
            }
            if (options.acceptLowerCaseTypes() && c >= 'a' && c <= 'z') {
                char upper = (char) (c - 'a' + 'A');
                return AstmRecord.TYPES.indexOf(upper) >= 0 ? upper : 0;
            }
            return 0;
        }

        /** A character for a problem detail: printable ASCII quoted, anything else by code. */
        private static String show(char c) {
            return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }
    }
}
