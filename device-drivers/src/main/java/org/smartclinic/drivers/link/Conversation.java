package org.smartclinic.drivers.link;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.link.internal.Backoff;
import org.smartclinic.drivers.link.internal.Exchange;
import org.smartclinic.drivers.link.internal.Inbox;
import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.Outcome;
import org.smartclinic.drivers.spi.StreamDriver;

/**
 * The connected state of a {@link DeviceLink}: every call into the device's driver, on the link thread. It waits
 * on the inbox no longer than until the next driver timer or the end of the quiet time, feeds bytes and messages
 * to the driver, fires due timers (after every event too, so a device that never pauses cannot starve them), hands
 * the outcomes to the {@link Exchange}, and ends when the connection does, saying why. A driver that throws costs
 * the input at hand: it is logged and reset, the connection stays up.
 */
final class Conversation {

    private static final Logger LOG = LoggerFactory.getLogger(Conversation.class);
    /** Most messages stored in one batch. */
    static final int MAX_TOGETHER = 256;
    /**
     * Most payload bytes stored in one batch. A decoded reading takes about ten times its payload's bytes of heap
     * until its batch is committed, so batches of a whole inbox (1 MiB, about 8,000 readings of a vitals-batch
     * device) kept ten devices' 100 MB alive through several collections: the collector worked twice as long and the
     * journal stored a third fewer readings per second than with batches of 128 KiB, which still fill a commit of
     * thousands of readings (docs/benchmarks.md, 2026-12-06 10:41-10:53).
     */
    static final long MAX_TOGETHER_BYTES = 128 * 1024;

    private final String deviceId;
    private final DeviceDriver driver;
    private final Exchange exchange;
    private final LinkChannel channel;
    private final Inbox inbox;
    private final Duration quiet;
    private final Backoff backoff;

    Conversation(String deviceId, DeviceDriver driver, Exchange exchange, LinkChannel channel, Inbox inbox,
            Duration quiet, Backoff backoff) {
        this.deviceId = deviceId;
        this.driver = driver;
        this.exchange = exchange;
        this.channel = channel;
        this.inbox = inbox;
        this.quiet = quiet;
        this.backoff = backoff;
    }

    /** Gives the driver its channel, once. */
    void bind() {
        guard("bind", () -> driver.bind(channel));
    }

    /**
     * Runs connection {@code id} on {@code session} until it ends; returns why.
     *
     * @throws IOException when writing to the device failed
     */
    String run(Session session, long id, BooleanSupplier stopping) throws IOException, InterruptedException {
        channel.connected(session);
        if (driver instanceof StreamDriver stream) {
            handle(call("onConnect", () -> stream.onConnect(channel.now())), channel.now(), session);
        }
        long lastHeard = System.nanoTime();
        boolean heard = false;
        while (!stopping.getAsBoolean()) {
            long now = System.nanoTime();
            if (!quiet.isZero() && now - lastHeard >= quiet.toNanos()) {
                return "quiet for " + Backoff.describe(quiet) + ": no bytes from the device (powered off? cable?)";
            }
            switch (inbox.poll(nextWait(lastHeard, now))) {
                case null -> { }
                case Inbox.Stop stop -> {
                    return "link closed";
                }
                case Inbox.Closed closed when closed.connection() == id -> {
                    return closed.reason();
                }
                case Inbox.Bytes bytes when bytes.connection() == id -> {
                    lastHeard = System.nanoTime();
                    heard = heardFirst(heard);
                    decode((StreamDriver) driver, bytes, session);
                }
                case Inbox.Message message when message.connection() == id -> {
                    lastHeard = System.nanoTime();
                    heard = heardFirst(heard);
                    exchange.onMessages(together(message, id));
                }
                case Inbox.Message stale -> stale.delivery().retry("connection ended before it was read",
                        new byte[0]);
                default -> { }
            }
            fireDueTimers(session);
            String failed = channel.takeFailure();
            if (failed != null) {
                return failed;
            }
        }
        return "link closed";
    }

    /**
     * The driver's outcomes of {@code first} and of the messages of the same connection already waiting behind it,
     * so that the link stores them in one batch: a device with many messages in flight (MQTT QoS 1) costs one commit
     * per batch, not per message. At most {@link #MAX_TOGETHER} messages and about {@link #MAX_TOGETHER_BYTES} of
     * payload (an eighth of the inbox), so the readings waiting for their commit stay few. Nothing is waited for.
     */
    private List<Exchange.Received> together(Inbox.Message first, long id) {
        List<Exchange.Received> out = new ArrayList<>();
        MessageDriver messages = (MessageDriver) driver;
        long bytes = 0;
        for (Inbox.Message m = first; m != null;
                m = out.size() < MAX_TOGETHER && bytes < MAX_TOGETHER_BYTES ? inbox.nextMessage(id) : null) {
            Inbox.Message current = m;
            bytes += m.message().payload().length;
            out.add(new Exchange.Received(call("onMessage", () -> messages.onMessage(current.message())),
                    current.delivery()));
        }
        return out;
    }

    /** The connection ended: timers go, the driver forgets partial input, no copy on the next one crossed an ACK. */
    void ended() {
        channel.disconnected();
        exchange.reset();
        guard("reset", driver::reset);
    }

    /** A connection that delivered input has proven itself: reconnects start from the shortest delay again. */
    private boolean heardFirst(boolean heard) {
        if (!heard) {
            backoff.reset();
        }
        return true;
    }

    private Duration nextWait(long lastHeard, long now) {
        long wait = channel.timers().nanosUntilNext(now);
        if (!quiet.isZero()) {
            long quietLeft = Math.max(0, quiet.toNanos() - (now - lastHeard));
            wait = wait < 0 ? quietLeft : Math.min(wait, quietLeft);
        }
        return wait < 0 ? null : Duration.ofNanos(wait);
    }

    private void fireDueTimers(Session session) throws IOException {
        for (String name : channel.timers().takeDue(System.nanoTime())) {
            handle(call("onTimer " + name, () -> driver.onTimer(name, channel.now())), channel.now(), session);
        }
    }

    private void decode(StreamDriver stream, Inbox.Bytes bytes, Session session) throws IOException {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} <- {}", deviceId, Printable.of(bytes.data()));
        }
        byte[] data = bytes.data();
        handle(call("decode", () -> stream.decode(data, 0, data.length, bytes.receivedAt())), bytes.receivedAt(),
                session);
    }

    private void handle(List<Outcome> outcomes, Instant receivedAt, Session session) throws IOException {
        if (!outcomes.isEmpty()) {
            exchange.onStream(outcomes, receivedAt, session::write);
        }
    }

    /** Runs a driver call; a throwing driver loses the input at hand and is reset, the port stays up. */
    private List<Outcome> call(String what, Supplier<List<Outcome>> call) {
        try {
            List<Outcome> outcomes = call.get();
            return outcomes == null ? List.of() : outcomes;
        } catch (RuntimeException e) {
            LOG.warn("{}: driver failed in {}; driver reset, input skipped", deviceId, what, e);
            guard("reset", driver::reset);
            return List.of();
        }
    }

    private void guard(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: driver failed in {}; ignored", deviceId, what, e);
        }
    }
}
