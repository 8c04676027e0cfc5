package org.smartclinic.drivers.codec.astm.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.MessageReceived;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent.TransmissionIncomplete;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Delivered;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Failed;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent.Send;

/**
 * A sender wired to a receiver through a faulty line, on a simulated clock: random messages, random faults on the
 * bytes both ways (a flipped bit, a dropped byte, a whole write lost: a lost frame or a lost ACK), random failures
 * to store. Every transmission must end with the message stored exactly once and the sender told so, or with the
 * sender failed cleanly, the message stored at most once and nothing stored that was not sent.
 * <p>
 * At most one fault per write: the mod-256 sum catches every single flipped bit and every single lost byte, but
 * not every pair in one frame (two flips of the same bit in opposite directions cancel), a limit of the protocol.
 * Runs: {@code -Dastm.link.runs=N} (400 by default), seed {@code -Dastm.link.seed=S}.
 */
class AstmLinkBackToBackTest {

    private static final int RUNS = Integer.getInteger("astm.link.runs", 400);
    private static final long SEED = Long.getLong("astm.link.seed", 20240101L);

    @Test
    void randomMessagesAndFaults_deliveredOnceOrFailedCleanly() {
        Random random = new Random(SEED);
        int delivered = 0;
        int retransmissions = 0;
        for (int run = 0; run < RUNS; run++) {
            List<String> message = randomMessage(random);
            Line line = new Line(random, random.nextBoolean() ? AstmRole.HOST : AstmRole.INSTRUMENT, 0.12, 0.1);
            line.transfer(message);
            line.check(message, "run " + run);
            if (line.result instanceof Delivered d) {
                delivered++;
                retransmissions += d.retransmissions();
            }
        }
        assertThat(delivered).as("delivered of %d", RUNS).isGreaterThan(RUNS / 2);
        assertThat(retransmissions).as("faults made the sender repeat frames").isPositive();
    }

    @Test
    void faultlessLine_everyMessageDeliveredAndStoredOnce() {
        Random random = new Random(SEED + 1);
        for (int run = 0; run < 50; run++) {
            List<String> message = randomMessage(random);
            Line line = new Line(random, AstmRole.INSTRUMENT, 0, 0);
            line.transfer(message);
            line.check(message, "run " + run);
            assertThat(line.result).isInstanceOf(Delivered.class);
            assertThat(line.stored).singleElement().isEqualTo(message);
        }
    }

    static List<String> randomMessage(Random random) {
        List<String> records = new ArrayList<>();
        records.add("H|\\^&|||Sim^1|||||||P|1394-97");
        int results = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 8);
        for (int i = 1; i <= results; i++) {
            StringBuilder r = new StringBuilder("R|" + i + "|");
            int length = random.nextInt(random.nextInt(8) == 0 ? 700 : 80);
            for (int c = 0; c < length; c++) {
                r.append(random.nextInt(20) == 0 ? (char) (0xA0 + random.nextInt(0x60)) : (char) (0x20
                        + random.nextInt(0x5F)));
            }
            records.add(r.toString());
        }
        records.add("L|1|N");
        return records;
    }

    /** Both ends, the line between them with its faults, and a clock. */
    private static final class Line {

        final Random random;
        final double faultRate;
        final double storeFailRate;
        final AstmSender sender;
        final AstmReceiver receiver = new AstmReceiver();
        final ArrayDeque<byte[]> toReceiver = new ArrayDeque<>();
        final ArrayDeque<byte[]> toSender = new ArrayDeque<>();
        final Map<String, Long> timers = new HashMap<>();
        final List<List<String>> stored = new ArrayList<>();
        final List<List<String>> unterminated = new ArrayList<>();
        final List<List<String>> incomplete = new ArrayList<>();
        AstmSenderEvent result;
        long now;

        Line(Random random, AstmRole role, double faultRate, double storeFailRate) {
            this.random = random;
            this.faultRate = faultRate;
            this.storeFailRate = storeFailRate;
            this.sender = new AstmSender(AstmSenderOptions.of(role));
        }

        void transfer(List<String> message) {
            fromSender(sender.send(message));
            for (int steps = 0; steps < 100_000; steps++) {
                if (!toReceiver.isEmpty()) {
                    byte[] bytes = toReceiver.poll();
                    int cut = random.nextInt(bytes.length + 1);
                    fromReceiver(receiver.receive(bytes, 0, cut));
                    fromReceiver(receiver.receive(bytes, cut, bytes.length - cut));
                } else if (!toSender.isEmpty()) {
                    byte[] bytes = toSender.poll();
                    fromSender(sender.receive(bytes, 0, bytes.length));
                } else if (!timers.isEmpty()) {
                    Map.Entry<String, Long> next = timers.entrySet().stream()
                            .min(Map.Entry.comparingByValue(Comparator.naturalOrder())).orElseThrow();
                    timers.remove(next.getKey());
                    now = next.getValue();
                    if (next.getKey().equals(AstmReceiver.RECEIVE_TIMER)) {
                        fromReceiver(receiver.onTimer(next.getKey()));
                    } else {
                        fromSender(sender.onTimer(next.getKey()));
                    }
                } else {
                    return;
                }
            }
            throw new AssertionError("no end after 100000 steps");
        }

        void check(List<String> message, String run) {
            assertThat(result).as(run + ": the sender finished").isNotNull();
            assertThat(receiver.state()).as(run).isEqualTo(AstmReceiver.State.IDLE);
            assertThat(stored.size()).as(run + ": stored at most once").isLessThanOrEqualTo(1);
            stored.forEach(m -> assertThat(m).as(run + ": stored as sent").isEqualTo(message));
            if (result instanceof Delivered) {
                assertThat(stored).as(run + ": delivered means stored").hasSize(1);
            } else {
                assertThat(result).isInstanceOf(Failed.class);
            }
            for (List<String> part : concatenated(unterminated, incomplete)) {
                assertThat(part.size()).as(run).isLessThan(message.size());
                assertThat(part).as(run + ": what arrived was sent").isEqualTo(message.subList(0, part.size()));
            }
        }

        private void fromSender(List<AstmSenderEvent> events) {
            for (AstmSenderEvent e : events) {
                switch (e) {
                    case Send s -> send(s.bytes(), toReceiver);
                    case AstmTimerRequest t -> timer(t);
                    case Delivered d -> result = d;
                    case Failed f -> result = f;
                    default -> { }
                }
            }
        }

        private void fromReceiver(List<AstmReceiverEvent> events) {
            for (AstmReceiverEvent e : events) {
                send(AstmBytes.answers(List.of(e)), toSender);
                switch (e) {
                    case MessageReceived m when m.terminated() -> {
                        if (random.nextDouble() < storeFailRate) {
                            send(m.nak(), toSender);
                            receiver.storeFailed();
                        } else {
                            stored.add(m.records());
                            send(m.ack(), toSender);
                            receiver.stored();
                        }
                    }
                    case MessageReceived m -> unterminated.add(m.records());
                    case TransmissionIncomplete i -> incomplete.add(i.records());
                    case AstmTimerRequest t -> timer(t);
                    default -> { }
                }
            }
        }

        private void timer(AstmTimerRequest request) {
            switch (request) {
                case AstmTimerRequest.Arm a -> timers.put(a.name(), now + a.delay().toMillis());
                case AstmTimerRequest.Cancel c -> timers.remove(c.name());
            }
        }

        /** Puts one write on the line, with at most one fault. */
        private void send(byte[] bytes, ArrayDeque<byte[]> queue) {
            if (bytes.length == 0) {
                return;
            }
            if (random.nextDouble() >= faultRate) {
                queue.add(bytes);
                return;
            }
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] flipped = bytes.clone();
                    flipped[at] ^= (byte) (1 << random.nextInt(8));
                    queue.add(flipped);
                }
                case 1 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    if (shorter.length > 0) {
                        queue.add(shorter);
                    }
                }
                default -> { }
            }
        }

        private static List<List<String>> concatenated(List<List<String>> a, List<List<String>> b) {
            List<List<String>> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }
}
