package org.smartclinic.simulator.device.lab.astm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import org.smartclinic.drivers.codec.astm.link.AstmControl;
import org.smartclinic.drivers.codec.astm.link.AstmReceiver;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent;
import org.smartclinic.drivers.codec.astm.link.AstmSender;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent;
import org.smartclinic.drivers.codec.astm.link.AstmTimerRequest;
import org.smartclinic.simulator.twin.TwinBehaviour;
import org.smartclinic.simulator.twin.TwinContext;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinPort;

/**
 * What an ASTM analyzer does while connected: sends the queued messages one at a time with its {@link AstmSender}
 * (INSTRUMENT), and hands every byte the sender does not claim to its {@link AstmReceiver}, which answers the host's
 * transmissions (ENQ, frames, EOT) and stores their messages at once. A new message is started only while both are
 * idle, and, after a message that awaits an answer (a host query), only once the answer came or its time passed.
 * Timers run on this thread ({@link AstmTimerBoard}); waiting is a timed read. A failed message is sent again from
 * its ENQ while attempts are left; one cut by a lost connection goes again on the next connection, uncounted.
 */
final class AstmInstrumentBehaviour implements TwinBehaviour {

    /** What {@link AstmInstrument#stats()} reports. */
    enum Count { MESSAGES_DELIVERED, MESSAGES_FAILED, FRAMES_WRITTEN, ENQUIRIES, CONTENTIONS, MESSAGES_RECEIVED,
        RECEIVED_INCOMPLETE, FRAMES_REJECTED }

    private static final Duration IDLE_WAIT = Duration.ofMillis(50);
    private static final Duration WRITE_WAIT = Duration.ofSeconds(5);

    private final AstmInstrumentSettings settings;
    private final AstmSender sender;
    private final AstmReceiver receiver;
    private final AstmTimerBoard timers = new AstmTimerBoard();
    private final AstmFaultInjector faults;
    private final Deque<AstmJob> queue = new ConcurrentLinkedDeque<>();
    private final List<List<String>> received = new CopyOnWriteArrayList<>();
    private final TwinCounters<Count> counters = new TwinCounters<>(Count.class);
    private final byte[] buffer = new byte[1024];
    private TwinPort port;
    private AstmJob current;
    private boolean awaiting;
    private long answerDeadline;
    private boolean gone;
    private boolean abandoned;
    private byte[] heldInput = new byte[0];

    AstmInstrumentBehaviour(AstmInstrumentSettings settings) {
        this.settings = settings;
        this.sender = new AstmSender(settings.senderOptions());
        this.receiver = new AstmReceiver(settings.receiverOptions());
        this.faults = new AstmFaultInjector(settings.faults(), settings.seed());
    }

    AstmJob submit(List<String> records, boolean awaitAnswer) {
        AstmJob job = new AstmJob(records, awaitAnswer);
        queue.add(job);
        return job;
    }

    List<List<String>> received() {
        return List.copyOf(received);
    }

    TwinCounters<Count> counters() {
        return counters;
    }

    TwinCounters<AstmLineFaults.Injected> injected() {
        return faults.counters();
    }

    @Override
    public void run(TwinPort line, TwinContext context) throws IOException {
        port = line;
        gone = false;
        while (!context.isClosing() && !gone) {
            if (heldInput.length > 0) {
                byte[] held = heldInput;
                heldInput = new byte[0];
                fromLine(held, held.length);
                continue;
            }
            startNext();
            answerTimeUp();
            for (String name : timers.due()) {
                fire(name);
            }
            int n = gone ? -1 : port.read(buffer, timers.untilNext(IDLE_WAIT));
            if (n < 0) {
                break;
            }
            fromLine(buffer, n);
        }
        lost();
    }

    /** Every byte goes to the sender first; what it does not claim it hands on to the receiver. */
    private void fromLine(byte[] bytes, int length) throws IOException {
        if (length > 0) {
            onSender(sender.receive(bytes, 0, length));
        }
    }

    private void startNext() throws IOException {
        if (current != null || sender.state() != AstmSender.State.IDLE
                || receiver.state() != AstmReceiver.State.IDLE) {
            return;
        }
        current = queue.poll();
        if (current != null) {
            current.attempts++;
            onSender(sender.send(current.records));
        }
    }

    private void fire(String name) throws IOException {
        if (AstmReceiver.RECEIVE_TIMER.equals(name)) {
            onReceiver(receiver.onTimer(name));
        } else {
            onSender(sender.onTimer(name));
        }
    }

    private void onSender(List<AstmSenderEvent> events) throws IOException {
        abandoned = false;
        for (AstmSenderEvent event : events) {
            if (abandoned) {
                return;
            }
            switch (event) {
                case AstmSenderEvent.Send send -> send(send.bytes());
                case AstmSenderEvent.Delivered d -> delivered(d.retransmissions());
                case AstmSenderEvent.Failed f -> failed(f.reason() == AstmSenderEvent.Failure.LINK_LOST,
                        f.reason().code() + ": " + f.detail());
                case AstmSenderEvent.Contention c -> counters.increment(Count.CONTENTIONS);
                case AstmSenderEvent.Ignored i -> {
                    // Stray bytes in place of an answer: the sender waits on, and so does the device.
                }
                case AstmSenderEvent.PassOn p -> onReceiver(receiver.receive(p.bytes(), 0, p.bytes().length));
                case AstmTimerRequest t -> timers.apply(t);
            }
        }
    }

    private void send(byte[] bytes) throws IOException {
        if (bytes[0] != AstmControl.STX) {
            if (bytes[0] == AstmControl.ENQ) {
                faults.newTransmission();
                counters.increment(Count.ENQUIRIES);
            }
            write(bytes);
            return;
        }
        AstmFaultInjector.Plan plan = faults.plan(bytes);
        if (plan.eotInstead()) {
            write(new byte[] {AstmControl.EOT});
            sender.reset();
            timers.clear();
            abandoned = true;
            failed(false, "line dropped: EOT sent mid-message (fault)");
            return;
        }
        if (plan.garbage().length > 0) {
            write(plan.garbage());
        }
        if (!plan.delay().isZero()) {
            holdInputFor(plan.delay());
        }
        write(plan.bytes());
        counters.increment(Count.FRAMES_WRITTEN);
    }

    /** Waits {@code delay} without answering: what arrives meanwhile is kept and handled after the frame. */
    private void holdInputFor(Duration delay) throws IOException {
        long until = System.nanoTime() + delay.toNanos();
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        long left;
        while (!gone && (left = until - System.nanoTime()) > 0) {
            int n = port.read(buffer, Duration.ofNanos(left));
            if (n < 0) {
                gone = true;
            } else {
                held.write(buffer, 0, n);
            }
        }
        heldInput = held.toByteArray();
    }

    private void write(byte[] bytes) throws IOException {
        if (!gone && port.write(bytes, WRITE_WAIT) < 0) {
            gone = true;
        }
    }

    private void delivered(int retransmissions) {
        counters.increment(Count.MESSAGES_DELIVERED);
        current.retransmissions += retransmissions;
        if (current.awaitAnswer) {
            awaiting = true;
            answerDeadline = System.nanoTime() + settings.answerTimeout().toNanos();
        } else {
            complete(true, "delivered", List.of());
        }
    }

    private void failed(boolean linkLost, String detail) {
        AstmJob job = current;
        if (job == null) {
            return;
        }
        current = null;
        if (linkLost) {
            job.attempts--;
        }
        if (linkLost || job.attempts < settings.messageAttempts()) {
            queue.addFirst(job);
            return;
        }
        counters.increment(Count.MESSAGES_FAILED);
        current = job;
        complete(false, detail, List.of());
    }

    private void answerTimeUp() {
        if (awaiting && System.nanoTime() - answerDeadline >= 0 && receiver.state() == AstmReceiver.State.IDLE) {
            complete(true, "delivered; no answer within " + settings.answerTimeout(), List.of());
        }
    }

    private void onReceiver(List<AstmReceiverEvent> events) throws IOException {
        for (AstmReceiverEvent event : events) {
            switch (event) {
                case AstmReceiverEvent.EnquiryAnswered a -> write(a.answer());
                case AstmReceiverEvent.FrameAcknowledged f -> write(f.answer());
                case AstmReceiverEvent.MessageReceived m -> stored(m);
                case AstmReceiverEvent.Rejected r -> {
                    counters.increment(Count.FRAMES_REJECTED);
                    write(r.answer());
                }
                case AstmReceiverEvent.TransmissionIncomplete i -> counters.increment(Count.RECEIVED_INCOMPLETE);
                case AstmReceiverEvent.TransmissionEnded e -> {
                    // The host's EOT: the line is free for the device's next message.
                }
                case AstmTimerRequest t -> timers.apply(t);
            }
        }
    }

    /** The device keeps what the host sent (nothing can fail here), then acknowledges its last frame. */
    private void stored(AstmReceiverEvent.MessageReceived m) throws IOException {
        received.add(m.records());
        counters.increment(Count.MESSAGES_RECEIVED);
        settings.listener().received(m.records());
        if (m.terminated()) {
            write(m.ack());
            receiver.stored();
        }
        if (awaiting) {
            complete(true, "delivered and answered", m.records());
        }
    }

    private void complete(boolean delivered, String detail, List<String> answer) {
        AstmJob job = current;
        current = null;
        awaiting = false;
        AstmDelivery result = new AstmDelivery(job.records, delivered, detail, job.attempts, job.retransmissions,
                job.awaitAnswer, answer);
        settings.listener().settled(result);
        job.result.complete(result);
    }

    private void lost() throws IOException {
        if (awaiting) {
            complete(true, "delivered; connection lost before the answer", List.of());
        }
        List<AstmSenderEvent> senderEvents = sender.linkLost();
        List<AstmReceiverEvent> receiverEvents = receiver.linkLost();
        gone = true;
        onSender(senderEvents);
        onReceiver(receiverEvents);
        timers.clear();
        heldInput = new byte[0];
        port = null;
    }
}
