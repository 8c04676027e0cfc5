package org.smartclinic.simulator.device.lab.astm;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.drivers.codec.astm.link.AstmFrame;
import org.smartclinic.drivers.codec.astm.link.AstmReceiverOptions;
import org.smartclinic.drivers.codec.astm.link.AstmRole;
import org.smartclinic.drivers.codec.astm.link.AstmSenderOptions;
import org.smartclinic.drivers.codec.astm.link.AstmTimers;
import org.smartclinic.simulator.device.lab.astm.AstmInstrumentBehaviour.Count;
import org.smartclinic.simulator.twin.Checks;
import org.smartclinic.simulator.twin.FaultPlan;
import org.smartclinic.simulator.twin.Faults;
import org.smartclinic.simulator.twin.Twin;
import org.smartclinic.simulator.twin.TwinCounters;
import org.smartclinic.simulator.twin.TwinHandle;
import org.smartclinic.simulator.twin.TwinPlug;

/**
 * An ASTM E1381 / LIS1-A laboratory instrument on the twin engine: the line end of an analyzer twin, with no message
 * content of its own. {@link #send} queues a message (its records, without CRs); {@link #ask} queues one that asks
 * the host something (a host query) and also waits for the host's answer message. Messages go one at a time with the
 * real {@link org.smartclinic.drivers.codec.astm.link.AstmSender} as INSTRUMENT: ENQ, frames numbered 1..7, 0, ...,
 * ETB continuation past the text limit, NAK and timeouts answered by sending the frame again (6 sends at most, then
 * EOT), contention won by the instrument; the host's own transmissions are received with the real
 * {@link org.smartclinic.drivers.codec.astm.link.AstmReceiver} and kept ({@link #received()}).
 *
 * <p>Timers default to the standard's (15 s reply, 30 s receive, 10 s before a new ENQ); tests make them shorter.
 * {@link AstmLineFaults} damage chosen frames; a failed message is sent again from its ENQ up to
 * {@link Builder#messageAttempts} times (default 3: an analyzer keeps its results until they are delivered). What
 * the line faults injected is counted in {@link #lineFaults()}; the engine's generic {@link #injected()} stays at
 * zero, as no frame-level {@link FaultPlan} applies to ASTM's conversation.
 * Plugged as a pty or by TCP ({@link TwinPlug}); one thread {@code twin-<model>-<where>}; {@link #close()} leaves
 * nothing behind.
 */
public final class AstmInstrument extends TwinHandle {

    /** Counts of the twin's line. */
    public record Stats(int delivered, int failed, int framesWritten, int enquiries, int contentions, int received,
            int receivedIncomplete, int rejectedFromHost) {
    }

    /** Progress callbacks, from the twin's thread; must be quick. */
    public interface Listener {
        /** Plugged in (again): the pty slave, or the address listened on or connected to. */
        default void pluggedIn(String where) {
        }

        default void connected(String peer) {
        }

        default void unplugged() {
        }

        /** A message ended: delivered (and answered) or given up. */
        default void settled(AstmDelivery delivery) {
        }

        /** The host sent a message (records without CRs). */
        default void received(List<String> records) {
        }
    }

    private final AstmInstrumentBehaviour behaviour;

    private AstmInstrument(AstmInstrumentSettings settings, AstmInstrumentBehaviour behaviour) {
        super(settings.plug(), new Faults(FaultPlan.NONE));
        this.behaviour = behaviour;
    }

    public static Builder builder(TwinPlug plug) {
        return new Builder(plug);
    }

    /** Queues a message; the future completes when it is delivered or given up. */
    public CompletableFuture<AstmDelivery> send(List<String> records) {
        return submit(records, false);
    }

    /** Queues a message that asks the host (a host query); completes once answered, or its answer time passed. */
    public CompletableFuture<AstmDelivery> ask(List<String> records) {
        return submit(records, true);
    }

    /** Every message the host sent so far, oldest first. */
    public List<List<String>> received() {
        return behaviour.received();
    }

    public Stats stats() {
        TwinCounters<Count> c = behaviour.counters();
        return new Stats(c.count(Count.MESSAGES_DELIVERED), c.count(Count.MESSAGES_FAILED),
                c.count(Count.FRAMES_WRITTEN), c.count(Count.ENQUIRIES), c.count(Count.CONTENTIONS),
                c.count(Count.MESSAGES_RECEIVED), c.count(Count.RECEIVED_INCOMPLETE), c.count(Count.FRAMES_REJECTED));
    }

    /** How often each line fault was injected. */
    public TwinCounters<AstmLineFaults.Injected> lineFaults() {
        return behaviour.injected();
    }

    private CompletableFuture<AstmDelivery> submit(List<String> records, boolean awaitAnswer) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a message has records");
        }
        return behaviour.submit(records, awaitAnswer).result;
    }

    /** Settings of an instrument; {@link #start()} plugs it in. */
    public static final class Builder {
        private final TwinPlug plug;
        private String model = "astm";
        private AstmTimers timers = AstmTimers.LIS1_A;
        private boolean lowerCaseChecksum;
        private int maxTextLength = AstmFrame.MAX_TEXT;
        private Duration answerTimeout;
        private int messageAttempts = 3;
        private AstmLineFaults faults = AstmLineFaults.NONE;
        private long seed = System.nanoTime();
        private Listener listener = new Listener() { };

        private Builder(TwinPlug plug) {
            this.plug = Objects.requireNonNull(plug, "plug");
        }

        /** Model id for the thread name and logs, e.g. {@code lp100}; default {@code astm}. */
        public Builder model(String value) {
            model = Objects.requireNonNull(value, "model");
            return this;
        }

        /** Timers of both ends (reply, receive, ENQ retry, backoffs); default the standard's. */
        public Builder timers(AstmTimers value) {
            timers = Objects.requireNonNull(value, "timers");
            return this;
        }

        /** Checksum digits in lower case, as the US-10 writes them; default off. */
        public Builder lowerCaseChecksum(boolean value) {
            lowerCaseChecksum = value;
            return this;
        }

        /** Text characters per frame before ETB continuation; default 240. */
        public Builder maxTextLength(int value) {
            maxTextLength = Checks.inRange(value, 1, AstmFrame.MAX_TEXT, "maxTextLength");
            return this;
        }

        /** How long to wait for the host's answer to a query; default the reply timer (15 s). */
        public Builder answerTimeout(Duration value) {
            answerTimeout = Checks.positive(value, "answerTimeout");
            return this;
        }

        /** Transmissions of one message before it is given up; default 3. */
        public Builder messageAttempts(int value) {
            messageAttempts = Checks.atLeast(value, 1, "messageAttempts");
            return this;
        }

        public Builder faults(AstmLineFaults value) {
            faults = Objects.requireNonNull(value, "faults");
            return this;
        }

        /** Seed of the garbage bytes; default random. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder listener(Listener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        public AstmInstrument start() throws IOException {
            AstmSenderOptions sender = AstmSenderOptions.of(AstmRole.INSTRUMENT).withTimers(timers)
                    .withFraming(AstmFrame.Layout.RECORD_PER_FRAME, maxTextLength)
                    .withLowerCaseChecksum(lowerCaseChecksum);
            AstmInstrumentSettings settings = new AstmInstrumentSettings(plug, sender,
                    AstmReceiverOptions.DEFAULT.withTimers(timers),
                    answerTimeout != null ? answerTimeout : timers.reply(), messageAttempts, faults, seed, listener);
            AstmInstrument twin = new AstmInstrument(settings, new AstmInstrumentBehaviour(settings));
            twin.plugIn(model, twin.behaviour, new Twin.Listener() {
                @Override
                public void plugged(String where) {
                    listener.pluggedIn(where);
                }

                @Override
                public void connected(String peer) {
                    listener.connected(peer);
                }

                @Override
                public void unplugged() {
                    listener.unplugged();
                }
            });
            return twin;
        }
    }
}
