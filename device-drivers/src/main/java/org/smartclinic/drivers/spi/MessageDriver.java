package org.smartclinic.drivers.spi;

import java.util.List;

/**
 * A driver of whole messages handed over by a transport that owns the framing (an MQTT message, an export file,
 * later an HL7 v2 message from an MLLP listener): one message in, its outcomes out. The transport settles the
 * message after the link stored its readings (MQTT PUBACK, the file moved to {@code processed/}); what to reply,
 * where the transport can reply, is in the outcomes' answers.
 *
 * <p>A message's outcomes should hold at most one {@link Outcome.Accepted} or one {@link Outcome.Rejected}: the
 * message is settled as a whole (accepted when all its readings are stored; rejected, never to be redelivered,
 * when nothing in it was accepted; redelivered later when storing failed). Status, identity and waveform outcomes
 * may come with either.
 */
public non-sealed interface MessageDriver extends DeviceDriver {

    /** Decodes one whole message. */
    List<Outcome> onMessage(InboundMessage message);
}
