package org.smartclinic.drivers.transport.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.transport.Delivery;
import org.smartclinic.drivers.transport.MessageListener;

/** A subscription's listener that records what arrives and settles it as the test says (or holds it). */
final class Recorder implements MessageListener {

    /** One arrival. */
    record Received(InboundMessage message, Delivery delivery) {
        String text() {
            return new String(message.payload(), StandardCharsets.UTF_8);
        }

        boolean duplicate() {
            return Boolean.parseBoolean(message.attributes().get("mqtt.duplicate"));
        }

        void accept() {
            delivery.accept(new byte[0]);
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    private final Consumer<Received> settle;

    private Recorder(Consumer<Received> settle) {
        this.settle = settle;
    }

    /** Leaves every message unsettled; the test settles them. */
    static Recorder holding() {
        return new Recorder(r -> { });
    }

    /** Accepts every message at once. */
    static Recorder accepting() {
        return new Recorder(Received::accept);
    }

    static Recorder settling(Consumer<Received> settle) {
        return new Recorder(settle);
    }

    @Override
    public void onMessage(InboundMessage message, Delivery delivery) {
        Received r = new Received(message, delivery);
        received.add(r);
        settle.accept(r);
    }

    @Override
    public void onClosed(String reason) {
        closed.add(reason);
    }

    List<String> texts() {
        return received.stream().map(Received::text).toList();
    }

    List<String> topics() {
        return received.stream().map(r -> r.message().source()).toList();
    }
}
