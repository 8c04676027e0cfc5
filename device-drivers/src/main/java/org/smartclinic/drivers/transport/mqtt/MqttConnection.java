package org.smartclinic.drivers.transport.mqtt;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one connection to one MQTT broker, shared by every device on it: an MQTT 3.1.1 client
 * ({@link MqttWireClient}) with manual acknowledgements and a persistent session ({@code cleanSession=false}, so the
 * broker keeps the subscriptions and every unacknowledged QoS 1 message across reconnects), supervised by one
 * thread, {@code mqtt-<client id>}:
 *
 * <pre>
 *   STOPPED --start--> CONNECTING --CONNACK, resubscribed--> CONNECTED
 *                          |  ^                                  |  lost (broker gone, keep-alive)
 *           refused, timed |  | delay passed                     v
 *           out, unreachable  +------------- BACKOFF <-----------+   open subscriptions are closed
 *   CONNECTED --redelivery asked (rate-limited)--> CONNECTING (subscriptions stay open if it reconnects at once)
 *   any --close()--> STOPPED
 * </pre>
 *
 * <p>Reconnects wait {@link MqttBrokerSettings#initialBackoff()}, doubled per failed attempt up to
 * {@link MqttBrokerSettings#maxBackoff()}; after each connect every subscribed filter is subscribed again (a broker
 * without persistence forgets sessions when it restarts). {@link #state()} and {@link #stateReason()} say where it
 * is in words a technician understands ("broker tcp://... refused the connection: bad user name or password").
 *
 * <p>The client's reader thread only routes: a received message is matched against the open
 * {@link MqttSubscription}s and queued in their device links, never processed there. It is acknowledged (PUBACK)
 * only when its link settles it, after its readings are stored; a settlement that arrives after the network
 * connection it came on has ended sends nothing (a PUBACK belongs to its connection), and the broker delivers the
 * message again. A retry asks for a reconnect, at most once per backoff period (the period doubles while retries
 * keep coming without any acknowledgement between them), because MQTT 3.1.1 brokers redeliver only on reconnect.
 */
public final class MqttConnection implements AutoCloseable {

    /** Where the connection is. */
    public enum State { CONNECTED, CONNECTING, BACKOFF, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final MqttBrokerSettings settings;
    private final MqttWireClient client;
    private final MqttConnectionStats stats = new MqttConnectionStats();
    private final MqttRouter router;
    private final MqttEvents events;
    private final Object generationLock = new Object();
    private final Object stateLock = new Object();
    private final MqttRedeliveryPacer pacer;
    private volatile long generation;
    private volatile State state = State.STOPPED;
    private volatile String stateReason = "not started";
    private volatile boolean closing;
    private Thread thread;

    /**
     * A connection that connects once {@link #start()}ed.
     *
     * @throws IllegalArgumentException if the URL has no usable host or port
     */
    public MqttConnection(MqttBrokerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        client = new MqttWireClient(settings, new Callback());
        router = new MqttRouter(new Acks(), stats);
        pacer = new MqttRedeliveryPacer(settings.initialBackoff(), settings.maxBackoff());
        events = new MqttEvents(pacer);
    }

    /** Starts connecting, in the background; once. */
    public synchronized void start() {
        if (thread != null || closing) {
            throw new IllegalStateException(describe() + " starts once; create a new connection");
        }
        thread = new Thread(this::supervise, "mqtt-" + settings.clientId());
        thread.setDaemon(true);
        thread.start();
    }

    public MqttBrokerSettings settings() {
        return settings;
    }

    public State state() {
        return state;
    }

    /** Why the connection is in its {@link #state()}, in a technician's words; never a password. */
    public String stateReason() {
        return stateReason;
    }

    public MqttConnectionStats stats() {
        return stats;
    }

    /** Waits until {@link State#CONNECTED}; true if it was within {@code timeout}. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (state != State.CONNECTED) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closing) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(stateLock, left);
            }
            return true;
        }
    }

    /**
     * Drops the network connection and connects again at once, keeping open subscriptions open if that works: the
     * broker then redelivers every unacknowledged message. For a technician's "reconnect now" and for tests.
     */
    public void reconnect(String why) {
        events.redeliver(generation, why, true);
    }

    /**
     * Makes {@code topicFilter} known before its device's subscription opens: it is subscribed on every connect,
     * and messages on it that arrive before the subscription opens (a session the broker kept while the gateway
     * was down hands them over right after the connect) are parked unacknowledged for it instead of being left
     * unrouted. Call it for every configured device before {@link #start()}.
     */
    public void expect(String topicFilter, int qos) {
        MqttTopics.requireValidFilter(topicFilter);
        router.register(topicFilter, qos, -1);
    }

    /**
     * Unsubscribes {@code topicFilter} and stops resubscribing it: for a device removed from the configuration
     * (closing its subscription keeps the broker holding its messages).
     */
    public void unsubscribe(String topicFilter) throws IOException {
        router.forget(topicFilter);
        if (client.isConnected()) {
            try {
                client.unsubscribe(topicFilter);
            } catch (IOException e) {
                throw new IOException("unsubscribing " + topicFilter + " failed: " + MqttFailures.network(e), e);
            }
        }
    }

    /** Disconnects and stops for good; open subscriptions are closed. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            t = thread;
        }
        events.stop();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
        closeSubscriptions("the gateway closed its connection to broker " + settings.url());
        changeState(State.STOPPED, "closed");
    }

    /** {@code mqtt:<url> as <client id>}. */
    public String describe() {
        return "mqtt:" + settings.url() + " as " + settings.clientId();
    }

    @Override
    public String toString() {
        return describe() + " " + state + " (" + stateReason + ")";
    }

    /** Opens {@code sub}: subscribes its filter on this network connection if needed, then routes to it. */
    void attach(MqttSubscription sub) throws IOException {
        long gen = generation;
        if (state != State.CONNECTED) {
            throw new IOException(state == State.CONNECTING ? "not connected yet: " + stateReason : stateReason);
        }
        String filter = sub.topicFilter();
        if (router.register(filter, sub.qos(), gen)) {
            subscribe(Map.of(filter, sub.qos()), gen, true);
        }
        sub.attachedOn(gen);
        if (!router.attach(sub, gen)) {
            throw new IOException("the connection to broker " + settings.url() + " dropped while subscribing "
                    + filter);
        }
    }

    void detach(MqttSubscription sub) {
        router.detach(sub);
    }

    /** Asks for a paced redelivery reconnect, if network connection {@code gen} is still the current one. */
    void redeliverLater(long gen, String reason) {
        stats.onRedeliveryRequested();
        events.redeliver(gen, reason, false);
    }

    private void supervise() {
        Duration delay = settings.initialBackoff();
        try {
            while (!closing) {
                String failure = connectOnce();
                if (failure == null) {
                    delay = settings.initialBackoff();
                    failure = whileConnected();
                    if (failure == null || closing) {
                        continue;
                    }
                }
                closeSubscriptions(failure);
                changeState(State.BACKOFF, failure + " (next try in " + human(delay) + ")");
                if (closing || !events.waitOut(delay)) {
                    break;
                }
                delay = delay.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : delay.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: supervision failed; the connection stays down until restarted", describe(), e);
            changeState(State.STOPPED, "internal error: " + e);
        }
    }

    /** One connect, with the resubscription; returns why it failed, or null once connected. */
    private String connectOnce() {
        long gen;
        synchronized (generationLock) {
            gen = ++generation;
        }
        router.newConnection(gen);
        changeState(State.CONNECTING, "connecting to " + settings.url() + " as " + settings.clientId());
        String failure = null;
        try {
            client.connect();
        } catch (MqttWireClient.NoPassword e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = MqttFailures.connectFailed(settings.url(), settings.clientId(), e);
        }
        try {
            if (failure == null) {
                subscribe(router.knownFilters(), gen, false);
            }
        } catch (IOException e) {
            failure = e.getMessage();
        }
        if (failure != null) {
            stats.onConnectFailed();
            client.disconnectQuietly();
            return failure;
        }
        stats.onConnected();
        router.connected(gen);
        changeState(State.CONNECTED, "connected to " + settings.url() + " as " + settings.clientId());
        return null;
    }

    /**
     * Serves the connected state until it ends: returns why it was lost, or null for a deliberate reconnect (a
     * redelivery) or a stop.
     */
    private String whileConnected() throws InterruptedException {
        return switch (events.awaitEnd(generation)) {
            case MqttEvents.Stop stop -> null;
            case MqttEvents.Lost lost -> {
                stats.onLost();
                yield MqttFailures.lost(settings.url(), lost.cause());
            }
            case MqttEvents.Redeliver r -> redeliver(r.reason());
        };
    }

    private String redeliver(String reason) {
        pacer.reconnected(System.nanoTime());
        stats.onRedeliveryReconnect();
        LOG.info("{}: reconnecting so that the broker redelivers unacknowledged messages ({})", describe(), reason);
        client.disconnectQuietly();
        return null;
    }

    /** Subscribes {@code filters} on connection {@code gen}; a refusal fails only when {@code strict}. */
    private void subscribe(Map<String, Integer> filters, long gen, boolean strict) throws IOException {
        List<String> refused = filters.isEmpty() ? List.of() : client.subscribe(filters);
        for (String filter : filters.keySet()) {
            if (!refused.contains(filter)) {
                router.subscribed(filter, gen);
                continue;
            }
            String why = "broker " + settings.url() + " refused the subscription to " + filter
                    + " (check its ACL for client " + settings.clientId() + ")";
            if (strict) {
                throw new IOException(why);
            }
            LOG.warn("{}: {}", describe(), why);
        }
    }

    private void closeSubscriptions(String reason) {
        List<MqttSubscription> closed = router.closeAll();
        closed.forEach(s -> s.connectionClosed(reason));
    }

    private void changeState(State next, String reason) {
        synchronized (stateLock) {
            if (state == State.STOPPED && next == State.STOPPED) {
                return;
            }
            state = next;
            stateReason = reason;
            stateLock.notifyAll();
        }
        LOG.info("{}: {} ({})", describe(), next, reason);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : ms % 1000 == 0 ? ms / 1000 + " s" : String.format("%.1f s", ms / 1000.0);
    }

    /** Settlements from the deliveries, on the links' threads. */
    private final class Acks implements MqttDelivery.Acks {
        @Override
        public void ack(long gen, int id, int qos) {
            synchronized (generationLock) {
                if (gen != generation || !client.isConnected()) {
                    stats.onStale();
                    return;
                }
                try {
                    client.ack(id, qos);
                    stats.onAcked();
                    pacer.acknowledged();
                } catch (IOException | RuntimeException e) {
                    stats.onStale();
                    LOG.debug("{}: PUBACK {} not sent: {}", describe(), id, e.toString());
                }
            }
        }

        @Override
        public void redeliver(long gen, String reason) {
            stats.onRedeliveryRequested();
            if (gen == generation) {
                events.redeliver(gen, reason, false);
            }
        }
    }

    /** The client's callbacks: route and queue (waiting at most a link's room wait, {@link MqttRouter}). */
    private final class Callback implements MqttWireClient.Listener {
        @Override
        public void connectionLost(Throwable cause) {
            events.lost(generation, cause);
        }

        @Override
        public void messageArrived(String topic, MqttWireClient.Message message) {
            stats.onReceived();
            router.route(generation, topic, message, Instant.now());
        }
    }
}
