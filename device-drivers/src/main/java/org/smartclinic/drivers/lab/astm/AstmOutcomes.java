package org.smartclinic.drivers.lab.astm;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent;
import org.smartclinic.drivers.codec.astm.link.AstmRejectReason;
import org.smartclinic.drivers.codec.astm.record.AstmField;
import org.smartclinic.drivers.codec.astm.record.AstmMessage;
import org.smartclinic.drivers.codec.astm.record.AstmMessageParser;
import org.smartclinic.drivers.codec.astm.record.AstmParseOptions;
import org.smartclinic.drivers.codec.astm.record.AstmParseResult;
import org.smartclinic.drivers.codec.astm.record.AstmProblem;
import org.smartclinic.drivers.codec.astm.record.AstmQuery;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.RejectReason;

/**
 * The ASTM codecs' results as driver outcomes: reject reasons mapped onto the SPI's, incomplete transmissions
 * rejected with a reason a technician understands, and a received message parsed and mapped. Details carry counts
 * and positions, never values.
 */
final class AstmOutcomes {

    private static final byte[] NONE = new byte[0];

    private AstmOutcomes() {
    }

    /**
     * What a received message became.
     *
     * @param outcome  accepted with its readings, or rejected
     * @param identity the analyzer's identity from H-5, if the message was read
     * @param queries  its Q records, to be answered
     * @param analyzer H-5 as sent, echoed as H-10 of an answer
     */
    record Decoded(Outcome outcome, Optional<DeviceIdentity> identity, List<AstmQuery> queries, AstmField analyzer) {
    }

    static RejectReason reason(AstmRejectReason reason) {
        return switch (reason) {
            case NOISE -> RejectReason.NOISE;
            case BAD_CHECKSUM -> RejectReason.BAD_CHECKSUM;
            case TRUNCATED -> RejectReason.TRUNCATED;
            case OVERLONG, TRANSMISSION_TOO_LARGE -> RejectReason.OVERLONG;
            case MALFORMED, WRONG_FRAME_NUMBER -> RejectReason.MALFORMED;
        };
    }

    static Outcome.Rejected incomplete(AstmReceiverEvent.TransmissionIncomplete t) {
        String cause = switch (t.cause()) {
            case TIMEOUT -> "no frame and no EOT within the receive timeout";
            case LINK_LOST -> "the connection was lost";
            case EOT_MID_RECORD -> "EOT in the middle of a record";
            case NOT_STORED -> "EOT after the message's last frame was refused because storing failed";
        };
        return new Outcome.Rejected(RejectReason.TRUNCATED, "transmission incomplete (" + t.cause().name()
                .toLowerCase(Locale.ROOT) + "): " + cause + "; " + t.records().size()
                + " complete record(s) not stored", t.raw(), NONE);
    }

    static Decoded decode(AstmReceiverEvent.MessageReceived m, AstmMessageParser parser, AstmReadingMapper mapper,
            AstmParseOptions parse, Instant at) {
        if (!m.terminated() && !parse.tolerateMissingTerminator()) {
            return rejected(new Outcome.Rejected(RejectReason.TRUNCATED, "transmission ended (EOT) without a "
                    + "terminator record (L): " + m.records().size() + " record(s) not stored", m.raw(), NONE));
        }
        AstmParseResult result = parser.parse(m.text());
        if (result instanceof AstmParseResult.Accepted a) {
            AstmMessage message = a.message();
            List<Reading> readings = mapper.readings(message, at);
            return new Decoded(new Outcome.Accepted(readings, m.raw(), m.ack(), m.nak()),
                    AstmReadingMapper.identity(message), message.queries(), message.header().sender());
        }
        AstmProblem fatal = result.problems().stream().filter(AstmProblem::fatal).findFirst().orElseThrow();
        return rejected(new Outcome.Rejected(RejectReason.MALFORMED, "message refused, record " + fatal.record()
                + ": " + fatal.code().code() + " (" + fatal.detail() + ")", m.raw(), m.ack()));
    }

    private static Decoded rejected(Outcome.Rejected rejected) {
        return new Decoded(rejected, Optional.empty(), List.of(), AstmField.EMPTY);
    }
}
