package org.smartclinic.drivers.codec.astm.record;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The message header record (H), level 0, always first:
 * <pre>
 *   H|\^&amp;|ctl|pwd|sender^...|addr||phone|chars|receiver|comment|P|LIS2-A2|20240611083000
 *   1  2   3   4   5          6   7 8     9     10       11      12 13      14
 * </pre>
 * Field 5, the sender, is read in the LIS2-A2 layout {@code manufacturer ^ model ^ software version ^ serial}
 * (e.g. {@code OCD^VISION^5.13^J60001}); instruments that order the components otherwise are read through
 * {@link #sender()}.
 *
 * @param delimiters the delimiters this message uses
 * @param record     the raw record; its field 2 is the delimiter definition after the field delimiter
 */
public record AstmHeader(AstmDelimiters delimiters, AstmRecord record) {

    public static final int MESSAGE_CONTROL_ID = 3;
    public static final int SENDER = 5;
    public static final int RECEIVER = 10;
    public static final int PROCESSING_ID = 12;
    public static final int VERSION = 13;
    public static final int MESSAGE_TIME = 14;

    /** @throws IllegalArgumentException if the record is no H or its field 2 disagrees with the delimiters */
    public AstmHeader {
        Objects.requireNonNull(delimiters, "delimiters");
        if (record.type() != 'H') {
            throw new IllegalArgumentException("a header is an H record, not " + record.type());
        }
        if (!record.value(2).equals(delimiters.definition().substring(1))) {
            throw new IllegalArgumentException("H.2 must be the repeat, component and escape delimiters");
        }
    }

    /**
     * A header for a message this side sends.
     *
     * @param sender       H.5, e.g. {@code AstmField.ofComponents("SmartClinic", "Gateway", "1.0", "GW01")}
     * @param receiver     H.10, e.g. the instrument's H.5 from the message being answered
     * @param processingId H.12: {@code P} production, {@code T} training, {@code D} debugging, {@code Q} QC
     * @param time         H.14
     */
    public static AstmHeader of(AstmDelimiters delimiters, AstmField sender, AstmField receiver,
            String processingId, LocalDateTime time) {
        AstmRecord record = AstmRecord.of('H', AstmField.of(delimiters.definition().substring(1)))
                .with(SENDER, sender)
                .with(RECEIVER, receiver)
                .with(PROCESSING_ID, processingId)
                .with(VERSION, "LIS2-A2")
                .with(MESSAGE_TIME, AstmDateTime.format(time));
        return new AstmHeader(delimiters, record);
    }

    /** H.3. */
    public String messageControlId() {
        return record.value(MESSAGE_CONTROL_ID);
    }

    /** H.5, all repeats and components. */
    public AstmField sender() {
        return record.field(SENDER);
    }

    /** H.5 component 1: manufacturer or sender name. */
    public String senderManufacturer() {
        return sender().component(1);
    }

    /** H.5 component 2: instrument model. */
    public String senderModel() {
        return sender().component(2);
    }

    /** H.5 component 3: software version. */
    public String senderVersion() {
        return sender().component(3);
    }

    /** H.5 component 4: serial number or instrument id. */
    public String senderSerial() {
        return sender().component(4);
    }

    /** H.10, all repeats and components. */
    public AstmField receiver() {
        return record.field(RECEIVER);
    }

    /** H.12. */
    public String processingId() {
        return record.value(PROCESSING_ID);
    }

    /** H.13, e.g. {@code LIS2-A2} or {@code E1394-97}. */
    public String version() {
        return record.value(VERSION);
    }

    /** H.14, device time; empty when absent or not a valid date/time. */
    public Optional<LocalDateTime> messageTime() {
        return AstmDateTime.parse(record.value(MESSAGE_TIME));
    }
}
