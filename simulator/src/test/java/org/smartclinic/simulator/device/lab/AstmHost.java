package org.smartclinic.simulator.device.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.smartclinic.drivers.codec.astm.link.AstmReceiver;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverEvent;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverOptions;
import org.smartclinic.drivers.codec.astm.link.AstmRole;
import org.smartclinic.drivers.codec.astm.link.AstmSender;
import org.smartclinic.drivers.codec.astm.link.AstmSenderEvent;
import org.smartclinic.drivers.codec.astm.link.AstmSenderOptions;
import org.smartclinic.drivers.codec.astm.link.AstmTimerRequest;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.TransportListener;

/**
 * The gateway's end of an analyzer line for the twin tests, without the gateway: a real transport (pty or socket),
 * the real {@link AstmReceiver} that acknowledges frames and stores every terminated message, and the real
 * {@link AstmSender} as HOST for answers to host queries. One thread runs codecs and timers, as a driver's link does.
 * It can answer NAK in place of chosen acknowledgements (the n-th answer to a frame, counted from 1).
 */
final class AstmHost implements TransportListener, AutoCloseable {

    final List<List<String>> stored = new CopyOnWriteArrayList<>();
    final List<List<String>> unterminated = new CopyOnWriteArrayList<>();
    final List<AstmReceiverEvent.Rejected> rejected = new CopyOnWriteArrayList<>();
    final List<AstmReceiverEvent.TransmissionIncomplete> incomplete = new CopyOnWriteArrayList<>();
    final List<AstmSenderEvent> answersSent = new CopyOnWriteArrayList<>();
    final List<Boolean> framesLast = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "astm-host");
        t.setDaemon(true);
        return t;
    });
    private final AstmReceiver receiver;
    private final AstmSender sender;
    private final Map<String, ScheduledFuture<?>> timers = new HashMap<>();
    private final Set<Integer> nakAnswers = new HashSet<>();
    private final Function<List<String>, List<String>> answerer;
    private ByteTransport transport;
    private int frameAnswers;
    private List<String> answerDue;

    /** @param answerer the answer to a message holding a Q record; null: none */
    AstmHost(AstmReceiverOptions options, Function<List<String>, List<String>> answerer) {
        this.receiver = new AstmReceiver(options);
        this.sender = new AstmSender(AstmSenderOptions.of(AstmRole.HOST).withTimers(options.timers()));
        this.answerer = answerer;
    }

    /** Answer NAK instead of ACK to these frames (1 = the first frame answered), once each. */
    AstmHost nakFrames(Integer... numbers) {
        nakAnswers.addAll(List.of(numbers));
        return this;
    }

    AstmHost open(ByteTransport line) throws IOException {
        transport = line;
        line.open(this);
        return this;
    }

    /** Every byte the instrument sent. */
    synchronized byte[] wire() {
        return wire.toByteArray();
    }

    @Override
    public void onBytes(byte[] data, int length) {
        byte[] copy = Arrays.copyOf(data, length);
        synchronized (this) {
            wire.writeBytes(copy);
        }
        thread.execute(() -> onSender(sender.receive(copy, 0, copy.length)));
    }

    @Override
    public void onClosed(String reason) {
        thread.execute(() -> {
            onSender(sender.linkLost());
            onReceiver(receiver.linkLost());
        });
    }

    private void onSender(List<AstmSenderEvent> events) {
        for (AstmSenderEvent e : events) {
            switch (e) {
                case AstmSenderEvent.Send s -> write(s.bytes());
                case AstmSenderEvent.PassOn p -> onReceiver(receiver.receive(p.bytes(), 0, p.bytes().length));
                case AstmTimerRequest t -> timer(t);
                default -> answersSent.add(e);
            }
        }
    }

    private void onReceiver(List<AstmReceiverEvent> events) {
        for (AstmReceiverEvent e : events) {
            switch (e) {
                case AstmReceiverEvent.EnquiryAnswered a -> write(a.answer());
                case AstmReceiverEvent.FrameAcknowledged f -> {
                    framesLast.add(f.last());
                    write(nak() ? new byte[] {0x15} : f.answer());
                }
                case AstmReceiverEvent.MessageReceived m -> message(m);
                case AstmReceiverEvent.Rejected r -> {
                    rejected.add(r);
                    write(r.answer());
                }
                case AstmReceiverEvent.TransmissionIncomplete i -> incomplete.add(i);
                case AstmReceiverEvent.TransmissionEnded t -> answerIfDue();
                case AstmTimerRequest t -> timer(t);
            }
        }
    }

    private void message(AstmReceiverEvent.MessageReceived m) {
        if (!m.terminated()) {
            unterminated.add(m.records());
            return;
        }
        framesLast.add(true);
        if (nak()) {
            write(m.nak());
            receiver.storeFailed();
            return;
        }
        stored.add(m.records());
        write(m.ack());
        receiver.stored();
        if (answerer != null && m.records().stream().anyMatch(r -> r.startsWith("Q|"))) {
            answerDue = answerer.apply(m.records());
        }
    }

    private boolean nak() {
        return nakAnswers.remove(++frameAnswers);
    }

    private void answerIfDue() {
        if (answerDue != null && sender.state() == AstmSender.State.IDLE) {
            List<String> answer = answerDue;
            answerDue = null;
            onSender(sender.send(answer));
        }
    }

    private void timer(AstmTimerRequest request) {
        ScheduledFuture<?> old = timers.remove(request.name());
        if (old != null) {
            old.cancel(false);
        }
        if (request instanceof AstmTimerRequest.Arm arm) {
            timers.put(arm.name(), thread.schedule(() -> fire(arm.name()), arm.delay().toNanos(),
                    TimeUnit.NANOSECONDS));
        }
    }

    private void fire(String name) {
        timers.remove(name);
        if (AstmReceiver.RECEIVE_TIMER.equals(name)) {
            onReceiver(receiver.onTimer(name));
        } else {
            onSender(sender.onTimer(name));
        }
    }

    private void write(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        try {
            transport.write(bytes);
        } catch (IOException e) {
            // The instrument hung up; its onClosed follows.
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        if (transport != null) {
            transport.close();
        }
    }
}
