package org.smartclinic.drivers.codec.astm.link;

import java.util.Objects;

/**
 * How an {@link AstmSender} behaves.
 *
 * @param role          which end of the line it is: decides line contention
 * @param timers        reply timeout, ENQ retry delay, contention backoffs
 * @param maxAttempts   most times an ENQ is refused or unanswered, and most times one frame is sent, before the
 *                      sender gives up: 6 (E1381-02 "Defective Frames")
 * @param layout        how records are cut into frames; one record per frame set unless a receiver wants packing
 * @param maxTextLength most text characters per frame: 240, unless the receiver is known to accept longer
 * @param lowerCaseChecksum write checksum digits in lower case ({@code a..f}): off by default; only for a simulated
 *                      instrument that does so (the US-10), whose receiver needs {@link AstmLeniency#lowerCaseChecksum()}
 */
public record AstmSenderOptions(AstmRole role, AstmTimers timers, int maxAttempts, AstmFrame.Layout layout,
        int maxTextLength, boolean lowerCaseChecksum) {

    /** Attempts per ENQ phase and per frame in LIS1-A. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;

    public AstmSenderOptions {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(layout, "layout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive: " + maxAttempts);
        }
        if (maxTextLength < 1 || maxTextLength > AstmLeniency.MAX_TEXT_LIMIT) {
            throw new IllegalArgumentException("maxTextLength must be 1.." + AstmLeniency.MAX_TEXT_LIMIT + ": "
                    + maxTextLength);
        }
    }

    /** Options with upper-case checksums, as the standard writes them. */
    public AstmSenderOptions(AstmRole role, AstmTimers timers, int maxAttempts, AstmFrame.Layout layout,
            int maxTextLength) {
        this(role, timers, maxAttempts, layout, maxTextLength, false);
    }

    /** The standard's behaviour for {@code role}: LIS1-A timers, 6 attempts, a record per frame set, 240. */
    public static AstmSenderOptions of(AstmRole role) {
        return new AstmSenderOptions(role, AstmTimers.LIS1_A, DEFAULT_MAX_ATTEMPTS, AstmFrame.Layout.RECORD_PER_FRAME,
                AstmFrame.MAX_TEXT);
    }

    /** These options with other timers. */
    public AstmSenderOptions withTimers(AstmTimers other) {
        return new AstmSenderOptions(role, other, maxAttempts, layout, maxTextLength, lowerCaseChecksum);
    }

    /** These options with another attempt limit. */
    public AstmSenderOptions withMaxAttempts(int max) {
        return new AstmSenderOptions(role, timers, max, layout, maxTextLength, lowerCaseChecksum);
    }

    /** These options with another frame layout and text limit. */
    public AstmSenderOptions withFraming(AstmFrame.Layout otherLayout, int otherMaxTextLength) {
        return new AstmSenderOptions(role, timers, maxAttempts, otherLayout, otherMaxTextLength, lowerCaseChecksum);
    }

    /** These options writing checksum digits in lower case, or not (the default). */
    public AstmSenderOptions withLowerCaseChecksum(boolean lowerCase) {
        return new AstmSenderOptions(role, timers, maxAttempts, layout, maxTextLength, lowerCase);
    }
}
