package org.smartclinic.drivers.codec.astm.record;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How {@link AstmMessageParser} reads a message. {@link #STRICT} follows LIS2-A2; each leniency is for peers that
 * bend it, off by default, and changes only what its description says.
 *
 * @param trimValues                  spaces (U+0020 only) padding a component on either side are removed before
 *                                    unescaping, so {@code R|1|^^^K| 5.9 |} reads {@code 5.9}; an escaped
 *                                    space ({@code &X20&}) is kept. Off: values are kept as sent.
 * @param tolerateTrailingEmptyFields empty fields at the end of a record are dropped (an instrument padding every
 *                                    record to its full field count reads like one that does not), and no
 *                                    {@code EXTRA_FIELDS} problem is raised for them. Off: they are kept as sent,
 *                                    and fields past the standard's count for the type are reported even when
 *                                    empty. Fields never sent read as empty either way, as the standard allows.
 * @param acceptLineFeeds             LF ends a record as CR does, and CR LF counts as one separator. Off: only CR
 *                                    separates records; an LF is a character of the record it is in, which makes
 *                                    the next record start with LF (an unknown record type).
 * @param acceptLowerCaseTypes        record type letters in lower case ({@code r|1|...}) are read as upper case.
 *                                    Off: a lower-case letter is an unknown record type.
 * @param testCodeComponent           which component of R.3 holds the test code: 4 in the standard's layout
 *                                    ({@code ^^^GLU}); some instruments use 1 or 5. A result whose R.3 has
 *                                    nothing there is reported ({@code MISSING_TEST_CODE}).
 * @param tolerateMissingTerminator   a message without an L record is accepted, with a non-fatal
 *                                    {@code MISSING_TERMINATOR}. Off: refused.
 * @param joinSplitRecords            a line that does not start a record (its first character is no record type
 *                                    letter, or the second is not the field delimiter) is appended, as is, to the
 *                                    record before it, with a non-fatal {@code JOINED_RECORD}: peers and link layers
 *                                    that cut a long record at a frame boundary deliver its tail as a "record" of
 *                                    its own. The heuristic cannot see a cut that leaves the tail starting like a
 *                                    record ({@code R|...}); nor does it apply to the first line, which must be the
 *                                    header. Off: such a line is an unknown record type.
 * @param hexCharset                  how the bytes of an {@code &Xhh..&} escape become text: ISO-8859-1 (default:
 *                                    every byte is a character, nothing can fail) or UTF-8 (for peers that send
 *                                    UTF-8 sequences; bytes that are not valid UTF-8 keep the escape as sent and
 *                                    raise {@code BAD_HEX_ESCAPE}).
 * @param limits                      bounds on the message's size and shape
 */
public record AstmParseOptions(boolean trimValues, boolean tolerateTrailingEmptyFields, boolean acceptLineFeeds,
        boolean acceptLowerCaseTypes, int testCodeComponent, boolean tolerateMissingTerminator,
        boolean joinSplitRecords, Charset hexCharset, AstmLimits limits) {

    /** Every leniency off, test code in component 4, ISO-8859-1 hex escapes, default limits. */
    public static final AstmParseOptions STRICT = new AstmParseOptions(false, false, false, false,
            AstmTestId.LOCAL_CODE, false, false, StandardCharsets.ISO_8859_1, AstmLimits.DEFAULT);

    public AstmParseOptions {
        Objects.requireNonNull(hexCharset, "hexCharset");
        Objects.requireNonNull(limits, "limits");
        if (testCodeComponent < 1) {
            throw new IllegalArgumentException("testCodeComponent must be >= 1: " + testCodeComponent);
        }
    }

    /** Every leniency on; test code component, hex charset and limits as {@link #STRICT}. */
    public static AstmParseOptions lenient() {
        return new AstmParseOptions(true, true, true, true, AstmTestId.LOCAL_CODE, true, true,
                StandardCharsets.ISO_8859_1, AstmLimits.DEFAULT);
    }

    public AstmParseOptions withTrimValues(boolean on) {
        return new AstmParseOptions(on, tolerateTrailingEmptyFields, acceptLineFeeds, acceptLowerCaseTypes,
                testCodeComponent, tolerateMissingTerminator, joinSplitRecords, hexCharset, limits);
    }

    public AstmParseOptions withTolerateTrailingEmptyFields(boolean on) {
        return new AstmParseOptions(trimValues, on, acceptLineFeeds, acceptLowerCaseTypes, testCodeComponent,
                tolerateMissingTerminator, joinSplitRecords, hexCharset, limits);
    }

    public AstmParseOptions withAcceptLineFeeds(boolean on) {
        return new AstmParseOptions(trimValues, tolerateTrailingEmptyFields, on, acceptLowerCaseTypes,
                testCodeComponent, tolerateMissingTerminator, joinSplitRecords, hexCharset, limits);
    }

    public AstmParseOptions withAcceptLowerCaseTypes(boolean on) {
        return new AstmParseOptions(trimValues, tolerateTrailingEmptyFields, acceptLineFeeds, on,
                testCodeComponent, tolerateMissingTerminator, joinSplitRecords, hexCharset, limits);
    }

    public AstmParseOptions withTestCodeComponent(int component) {
        return new AstmParseOptions(trimValues, tolerateTrailingEmptyFields, acceptLineFeeds, acceptLowerCaseTypes,
                component, tolerateMissingTerminator, joinSplitRecords, hexCharset, limits);
    }

    public AstmParseOptions withTolerateMissingTerminator(boolean on) {
        return new AstmParseOptions(trimValues, tolerateTrailingEmptyFields, acceptLineFeeds, acceptLowerCaseTypes,
                testCodeComponent, on, joinSplitRecords, hexCharset, limits);
    }

    public AstmParseOptions withJoinSplitRecords(boolean on) {
        return new AstmParseOptions(trimValues, tolerateTrailingEmptyFields, acceptLineFeeds, acceptLowerCaseTypes,
                testCodeComponent, tolerateMissingTerminator, on, hexCharset, limits);
    }

    public AstmParseOptions withHexCharset(Charset charset) {
        return new AstmParseOptions(trimValues, tolerateTrailingEmptyFields, acceptLineFeeds, acceptLowerCaseTypes,
                testCodeComponent, tolerateMissingTerminator, joinSplitRecords, charset, limits);
    }

    public AstmParseOptions withLimits(AstmLimits newLimits) {
        return new AstmParseOptions(trimValues, tolerateTrailingEmptyFields, acceptLineFeeds, acceptLowerCaseTypes,
                testCodeComponent, tolerateMissingTerminator, joinSplitRecords, hexCharset, newLimits);
    }
}
