package org.smartclinic.drivers.link;

import java.io.IOException;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

import org.smartclinic.drivers.link.internal.Inbox;
import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.transport.ByteTransport;
import org.smartclinic.drivers.transport.Delivery;
import org.smartclinic.drivers.transport.MessageListener;
import org.smartclinic.drivers.transport.MessageTransport;
import org.smartclinic.drivers.transport.TransportListener;
import org.smartclinic.drivers.transport.TransportStats;

/**
 * One open connection of a {@link DeviceLink}, whatever its shape: transport threads feed the link's inbox, the
 * link thread writes through {@link #write}. A message transport cannot be written to; its answers travel with
 * each message's {@link Delivery}.
 */
sealed interface Session extends AutoCloseable permits Session.Stream, Session.Messages {

    void write(byte[] bytes) throws IOException;

    String describe();

    @Override
    void close();

    /**
     * Opens a fresh transport from {@code connector} as connection {@code id}.
     *
     * @param opening told the transport before it is opened, so closing the link can interrupt a long open
     * @param refused told the size of input the inbox refused (the link is not keeping up)
     */
    static Session open(Connector connector, long id, Inbox inbox, TransportStats stats,
            BiConsumer<AutoCloseable, String> opening, IntConsumer refused) throws IOException {
        return switch (connector) {
            case Connector.Stream s -> Stream.open(s.transports().get(), id, inbox, stats, opening, refused);
            case Connector.Messages m -> Messages.open(m.transports().get(), id, inbox, stats, opening, refused);
        };
    }

    /** A byte stream. */
    record Stream(ByteTransport transport, TransportStats stats) implements Session {

        static Stream open(ByteTransport transport, long id, Inbox inbox, TransportStats stats,
                BiConsumer<AutoCloseable, String> opening, IntConsumer refused) throws IOException {
            opening.accept(transport, transport.describe());
            try {
                transport.open(new TransportListener() {
                    @Override
                    public void onBytes(byte[] data, int length) {
                        stats.received(length);
                        if (!inbox.bytes(id, data, length, Instant.now())) {
                            refused.accept(length);
                        }
                    }

                    @Override
                    public void onClosed(String reason) {
                        inbox.closed(id, reason);
                    }
                });
            } catch (IOException | RuntimeException e) {
                transport.close();
                throw e;
            }
            return new Stream(transport, stats);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            transport.write(bytes);
            stats.sent(bytes.length);
        }

        @Override
        public String describe() {
            return transport.describe();
        }

        @Override
        public void close() {
            transport.close();
        }
    }

    /** Whole messages. */
    record Messages(MessageTransport transport) implements Session {

        static Messages open(MessageTransport transport, long id, Inbox inbox, TransportStats stats,
                BiConsumer<AutoCloseable, String> opening, IntConsumer refused) throws IOException {
            opening.accept(transport, transport.describe());
            try {
                transport.open(new MessageListener() {
                    @Override
                    public void onMessage(InboundMessage message, Delivery delivery) {
                        stats.message(message.payload().length);
                        if (!inbox.message(id, message, delivery, DeviceLink.ROOM_WAIT)) {
                            refused.accept(message.payload().length);
                            delivery.retry("the gateway is not keeping up with this device", new byte[0]);
                        }
                    }

                    @Override
                    public void onClosed(String reason) {
                        inbox.closed(id, reason);
                    }
                });
            } catch (IOException | RuntimeException e) {
                transport.close();
                throw e;
            }
            return new Messages(transport);
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            throw new IOException(transport.describe() + " cannot send to the device on the driver's initiative");
        }

        @Override
        public String describe() {
            return transport.describe();
        }

        @Override
        public void close() {
            transport.close();
        }
    }
}
