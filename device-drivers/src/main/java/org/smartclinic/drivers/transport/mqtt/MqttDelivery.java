package org.smartclinic.drivers.transport.mqtt;

import java.util.concurrent.atomic.AtomicBoolean;

import org.smartclinic.drivers.transport.Delivery;

/**
 * The settlement of one received PUBLISH by one subscription. {@code accept} and {@code reject} both PUBACK (a
 * rejected message is bad for good and must not come back); {@code retry} does not, and asks the connection to
 * reconnect so that the broker delivers it again (MQTT 3.1.1 brokers resend unacknowledged QoS 1 messages only
 * when a session reconnects). When several subscriptions got the same message, the PUBACK goes out once all have
 * settled and none asked for a retry. MQTT has no reply message: {@code reply} bytes are ignored. Only the first
 * call counts; calls may come from any thread.
 */
final class MqttDelivery implements Delivery {

    /** What a delivery needs from its connection. */
    interface Acks {
        /** PUBACK message {@code id} if connection {@code generation} is still the current one. */
        void ack(long generation, int id, int qos);

        /** Reconnect (rate-limited) so that unacknowledged messages of {@code generation} come again. */
        void redeliver(long generation, String reason);
    }

    /** Shared by the deliveries of one message to several subscriptions. */
    static final class Group {
        private int pending;
        private boolean retried;

        Group(int subscriptions) {
            this.pending = subscriptions;
        }

        /** Records one settlement; true when it was the last one and none was a retry. */
        synchronized boolean settle(boolean retry) {
            retried |= retry;
            return --pending == 0 && !retried;
        }
    }

    private final Acks acks;
    private final long generation;
    private final int messageId;
    private final int qos;
    private final Group group;
    private final AtomicBoolean settled = new AtomicBoolean();

    MqttDelivery(Acks acks, long generation, int messageId, int qos, Group group) {
        this.acks = acks;
        this.generation = generation;
        this.messageId = messageId;
        this.qos = qos;
        this.group = group;
    }

    @Override
    public void accept(byte[] reply) {
        settle(false, null);
    }

    @Override
    public void reject(String reason, byte[] reply) {
        settle(false, null);
    }

    @Override
    public void retry(String reason, byte[] reply) {
        settle(true, reason);
    }

    private void settle(boolean retry, String reason) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        boolean last = group.settle(retry);
        if (retry) {
            acks.redeliver(generation, reason);
        } else if (last && qos > 0) {
            acks.ack(generation, messageId, qos);
        }
    }
}
