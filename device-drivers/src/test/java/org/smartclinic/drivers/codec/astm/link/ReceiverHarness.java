package org.smartclinic.drivers.codec.astm.link;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the driver around an {@link AstmReceiver}: feeds bytes, stores every terminated message (or fails to, on
 * request) and then sends its held-back answer, and keeps every event and every byte sent back, in order.
 */
final class ReceiverHarness {

    final AstmReceiver receiver;
    final List<AstmReceiverEvent> events = new ArrayList<>();
    final List<AstmReceiverEvent.MessageReceived> stored = new ArrayList<>();
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private int storesToFail;

    ReceiverHarness(AstmReceiverOptions options) {
        this.receiver = new AstmReceiver(options);
    }

    ReceiverHarness() {
        this(AstmReceiverOptions.DEFAULT);
    }

    /** The next {@code n} stores fail. */
    ReceiverHarness failStores(int n) {
        storesToFail = n;
        return this;
    }

    /** Feeds {@code parts} one call each; returns the events of these calls. */
    List<AstmReceiverEvent> feed(byte[]... parts) {
        List<AstmReceiverEvent> these = new ArrayList<>();
        for (byte[] part : parts) {
            these.addAll(handle(receiver.receive(part, 0, part.length)));
        }
        return these;
    }

    List<AstmReceiverEvent> timeout() {
        return handle(receiver.onTimer(AstmReceiver.RECEIVE_TIMER));
    }

    List<AstmReceiverEvent> linkLost() {
        return handle(receiver.linkLost());
    }

    /** Every byte sent back so far: immediate answers and held-back ones, in order. */
    byte[] sent() {
        return sent.toByteArray();
    }

    List<String> describe() {
        return AstmBytes.describe(events);
    }

    private List<AstmReceiverEvent> handle(List<AstmReceiverEvent> batch) {
        events.addAll(batch);
        for (AstmReceiverEvent e : batch) {
            sent.writeBytes(AstmBytes.answers(List.of(e)));
            if (e instanceof AstmReceiverEvent.MessageReceived m && m.terminated()) {
                if (storesToFail > 0) {
                    storesToFail--;
                    sent.writeBytes(m.nak());
                    receiver.storeFailed();
                } else {
                    stored.add(m);
                    sent.writeBytes(m.ack());
                    receiver.stored();
                }
            } else if (e instanceof AstmReceiverEvent.MessageReceived m) {
                stored.add(m);
            }
        }
        return batch;
    }
}
