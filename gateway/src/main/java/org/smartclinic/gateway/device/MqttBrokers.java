package org.smartclinic.gateway.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import javax.net.ssl.SSLContext;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.transport.mqtt.MqttBrokerSettings;
import org.smartclinic.drivers.transport.mqtt.MqttConnection;
import org.smartclinic.drivers.transport.mqtt.MqttConnectionStats;
import org.smartclinic.drivers.transport.mqtt.MqttSubscription;
import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.config.MqttBrokerConfig;
import org.smartclinic.gateway.config.TlsTrust;

/**
 * The MQTT broker connections, one per configured broker ({@code smartclinic.mqtt.<name>.*}), shared by every
 * device that publishes there: each connection reconnects by itself with backoff and resubscribes; each device is a
 * subscription on its own topic, acknowledged (PUBACK) only after its readings are journaled. A connection is
 * opened when the first device needs it and closed when the gateway stops.
 */
@ApplicationScoped
public class MqttBrokers {

    private static final Logger LOG = Logger.getLogger(MqttBrokers.class);
    /** QoS of every device subscription: at least once, so nothing is lost before the journal has it. */
    private static final int QOS = 1;

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    private final Map<String, MqttConnection> connections = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    /** One broker connection as the technician sees it. */
    public record BrokerView(String name, String url, String state, String reason, String stats) {
    }

    /** The connector of a device that publishes on {@code spec}'s topic. */
    public Connector connector(String deviceId, TransportSpec.Mqtt spec) {
        MqttConnection connection = connection(spec.broker());
        connection.expect(spec.topic(), QOS);
        LOG.debugf("device %s subscribes to %s at broker %s", deviceId, spec.topic(), spec.broker());
        return Connector.messages(() -> new MqttSubscription(connection, spec.topic(), QOS));
    }

    /** Every broker connection opened so far. */
    public List<BrokerView> views() {
        List<BrokerView> out = new ArrayList<>();
        connections.forEach((name, c) -> out.add(new BrokerView(name, c.settings().url(), c.state().name(),
                c.stateReason(), c.stats().toString())));
        return out;
    }

    private MqttConnection connection(String name) {
        return connections.computeIfAbsent(name, n -> {
            MqttBrokerConfig b = config.mqtt().get(n);
            if (b == null) {
                throw new IllegalStateException("no MQTT broker '" + n + "' is configured (smartclinic.mqtt." + n
                        + ".url)");
            }
            MqttBrokerSettings settings = MqttBrokerSettings.of(b.url(),
                    b.clientId().orElse("smartclinic-" + config.gatewayId()));
            if (b.username().isPresent()) {
                settings = settings.withCredentials(b.username().get(), b.passwordFile()
                        .map(MqttBrokerSettings.Password::fromFile).orElse(null));
            }
            Optional<SSLContext> tls = TlsTrust.context(b.tls(), "smartclinic.mqtt." + n + ".tls.trust-store");
            if (tls.isPresent()) {
                settings = settings.withTls(tls.get());
            }
            MqttConnection c = new MqttConnection(settings);
            metrics(n, c);
            return c;
        });
    }

    /**
     * Connects every broker a device needs, once all devices made their topics known: messages the broker kept
     * for the gateway while it was down are then parked for their devices, none is left unrouted.
     */
    public void startAll() {
        connections.forEach((name, c) -> {
            if (c.state() == MqttConnection.State.STOPPED && !started.contains(name)) {
                started.add(name);
                c.start();
                LOG.infof("MQTT broker %s: connecting to %s as %s", name, c.settings().url(),
                        c.settings().clientId());
            }
        });
    }

    private void metrics(String name, MqttConnection c) {
        Gauge.builder("smartclinic.mqtt.connected", c, x -> x.state() == MqttConnection.State.CONNECTED ? 1 : 0)
                .description("1 while the broker connection is up").tag("broker", name).register(meters);
        counter("smartclinic.mqtt.connects", "Broker connections made", name, c, MqttConnectionStats::connects);
        counter("smartclinic.mqtt.connection.losses", "Broker connections lost", name, c,
                MqttConnectionStats::connectionLosses);
        counter("smartclinic.mqtt.messages", "Messages received from the broker", name, c,
                MqttConnectionStats::messagesReceived);
        counter("smartclinic.mqtt.acks", "PUBACKs sent after the journal stored a message", name, c,
                MqttConnectionStats::acksSent);
        counter("smartclinic.mqtt.redeliveries", "Redeliveries asked for because a message could not be stored",
                name, c, MqttConnectionStats::redeliveriesRequested);
        counter("smartclinic.mqtt.unrouted", "Messages on topics no configured device subscribes to", name, c,
                MqttConnectionStats::unrouted);
    }

    private void counter(String metric, String description, String broker, MqttConnection c,
            ToDoubleFunction<MqttConnectionStats> value) {
        FunctionCounter.builder(metric, c, x -> value.applyAsDouble(x.stats())).description(description)
                .tag("broker", broker).register(meters);
    }

    @PreDestroy
    void close() {
        connections.values().forEach(MqttConnection::close);
    }
}
