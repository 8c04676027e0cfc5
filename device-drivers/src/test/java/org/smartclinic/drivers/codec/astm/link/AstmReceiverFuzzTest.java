package org.smartclinic.drivers.codec.astm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.RESULTS;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.concat;
import static org.smartclinic.drivers.codec.astm.link.AstmBytes.transmission;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.MessageReceived;
import org.smartclinic.drivers.testkit.ByteMutator;

/**
 * Random and mutated input for {@link AstmReceiver}, fed in random chunks with random timer firings, lost links
 * and store decisions between them: nothing may throw, every call must return promptly, every buffer must stay
 * within its limit, and after any of it (once the line has been quiet for the receive timeout, as a real sender's
 * own timeouts ensure) a valid transmission must decode to exactly its message. Three receivers live through the
 * whole run, so state left over by one input meets the next: strict, strict with a small transmission bound, and
 * every leniency on.
 * <p>
 * Inputs: {@code -Dastm.fuzz.count=N} (100,000 by default), seed {@code -Dastm.fuzz.seed=S}.
 */
class AstmReceiverFuzzTest {

    private static final int COUNT = Integer.getInteger("astm.fuzz.count", 100_000);
    private static final long SEED = Long.getLong("astm.fuzz.seed", 1381L);
    private static final long PROMPT_NANOS = 1_000_000_000L;
    private static final byte[] CONTROLS = {AstmControl.STX, AstmControl.ETX, AstmControl.ETB, AstmControl.EOT,
        AstmControl.ENQ, AstmControl.ACK, AstmControl.NAK, AstmControl.CR, AstmControl.LF};
    private static final List<String> VALID_MESSAGE = List.of("H|\\^&", "R|1|^^^GLU|5.4", "L|1|N");
    private static final byte[] VALID = transmission(VALID_MESSAGE);

    private final Random random = new Random(SEED);
    private final ByteMutator mutator = new ByteMutator(random, CONTROLS);
    private long slowest;

    @Test
    void randomAndMutatedInput_neverThrowsStaysBoundedAndAValidTransmissionStillDecodes() {
        List<AstmReceiver> receivers = List.of(new AstmReceiver(),
                new AstmReceiver(AstmReceiverOptions.DEFAULT.withMaxTransmissionBytes(2048)),
                new AstmReceiver(AstmReceiverOptions.DEFAULT.withLeniency(new AstmLeniency(true, true, 512, true,
                        true))));
        List<byte[]> pool = pool();
        long bytes = 0;

        for (int n = 0; n < COUNT; n++) {
            AstmReceiver receiver = receivers.get(n % receivers.size());
            byte[] input = random.nextInt(5) == 0 ? mutator.noise(random.nextInt(600))
                    : mutator.mutate(pool.get(random.nextInt(pool.size())));
            bytes += input.length;
            feed(receiver, input, true);
            receiver.onTimer(AstmReceiver.RECEIVE_TIMER);
            List<AstmReceiverEvent> recovery = feed(receiver, VALID, false);
            if (!decodedOnce(recovery) || receiver.state() != AstmReceiver.State.IDLE) {
                throw new AssertionError("no recovery after input " + n + " ("
                        + Printable.of(input) + "): " + AstmBytes.describe(recovery));
            }
        }
        assertThat(bytes).isGreaterThan(COUNT * 100L);
        assertThat(slowest).as("slowest call, ns").isLessThan(PROMPT_NANOS);
    }

    private static boolean decodedOnce(List<AstmReceiverEvent> events) {
        List<MessageReceived> messages = events.stream().filter(MessageReceived.class::isInstance)
                .map(MessageReceived.class::cast).toList();
        return messages.size() == 1 && messages.get(0).terminated()
                && messages.get(0).records().equals(VALID_MESSAGE);
    }

    /** Feeds {@code input} in random chunks, checking bounds after every call; returns every event. */
    private List<AstmReceiverEvent> feed(AstmReceiver receiver, byte[] input, boolean chaos) {
        List<AstmReceiverEvent> all = new ArrayList<>();
        int at = 0;
        while (at < input.length) {
            int chunk = Math.min(input.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
            long start = System.nanoTime();
            List<AstmReceiverEvent> events = receiver.receive(input, at, chunk);
            slowest = Math.max(slowest, System.nanoTime() - start);
            at += chunk;
            all.addAll(events);
            decide(receiver, events, chaos);
            assertWithinLimits(receiver);
            if (chaos && random.nextInt(40) == 0) {
                all.addAll(random.nextInt(4) == 0 ? receiver.linkLost()
                        : receiver.onTimer(AstmReceiver.RECEIVE_TIMER));
            }
        }
        return all;
    }

    private void decide(AstmReceiver receiver, List<AstmReceiverEvent> events, boolean chaos) {
        for (AstmReceiverEvent e : events) {
            if (e instanceof MessageReceived m && m.terminated()) {
                if (chaos && random.nextInt(4) == 0) {
                    receiver.storeFailed();
                } else {
                    receiver.stored();
                }
            }
        }
    }

    private static void assertWithinLimits(AstmReceiver receiver) {
        AstmReceiver.Buffered held = receiver.buffered();
        AstmReceiver.Buffered limits = receiver.limits();
        if (held.frameBytes() > limits.frameBytes() || held.transmissionBytes() > limits.transmissionBytes()
                || held.recordChars() > limits.recordChars() || held.pendingBytes() > limits.pendingBytes()) {
            throw new AssertionError("held " + held + " beyond " + limits);
        }
    }

    /** Valid transmissions to mutate: various sizes and layouts, one or two per input. */
    private List<byte[]> pool() {
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<String> message = AstmLinkBackToBackTest.randomMessage(random);
            byte[] one = i % 5 == 0
                    ? concat(AstmBytes.ENQ, AstmFrame.encodeAll(AstmFrame.split(message, AstmFrame.Layout.PACKED,
                            1 + random.nextInt(300))), AstmBytes.EOT)
                    : transmission(message);
            pool.add(i % 7 == 0 ? concat(one, transmission(RESULTS)) : one);
        }
        return pool;
    }

}
