package org.smartclinic.drivers.transport.mqtt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Paho v3 client of one {@link MqttConnection}, set up the one way the gateway uses it: MQTT 3.1.1, manual
 * acknowledgements, persistent session ({@code cleanSession=false}), Paho's automatic reconnect off, in-memory
 * client persistence (the gateway publishes nothing that would need more), every wait bounded by the connect
 * timeout.
 */
final class MqttPahoClient {

    /** Granted QoS of a refused subscription (MQTT 3.1.1, 3.9.3). */
    private static final int REFUSED = 0x80;
    private static final Logger LOG = LoggerFactory.getLogger(MqttPahoClient.class);
    /** Plain TCP only: {@code ssl://} keeps Paho's TLS sockets, whose records are read in blocks already. */
    private static final ReadAheadSocketFactory READ_AHEAD = new ReadAheadSocketFactory();

    private final MqttBrokerSettings settings;
    private final MqttAsyncClient client;

    /** @throws IllegalArgumentException if Paho refuses the URL or client id */
    MqttPahoClient(MqttBrokerSettings settings, MqttCallback callback) {
        this.settings = settings;
        try {
            client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("broker url " + settings.url() + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(callback);
    }

    /** Connects and waits for the CONNACK. */
    void connect() throws MqttException, IOException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(Math.toIntExact(Math.max(1, settings.keepAlive().toSeconds())));
        o.setConnectionTimeout(Math.toIntExact(Math.max(1, settings.connectTimeout().toSeconds())));
        o.setMaxInflight(settings.maxInflight());
        if (settings.url().regionMatches(true, 0, "tcp://", 0, 6)) {
            o.setSocketFactory(READ_AHEAD);
        }
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().read());
        }
        client.connect(o).waitForCompletion(settings.connectTimeout().toMillis() * 2);
    }

    /**
     * Subscribes {@code filters} (filter to QoS) and waits for the SUBACK.
     *
     * @return the filters the broker refused (granted QoS {@code 0x80}, usually its ACL)
     * @throws IOException if the subscription could not be made at all
     */
    List<String> subscribe(Map<String, Integer> filters) throws IOException {
        String[] names = filters.keySet().toArray(String[]::new);
        int[] granted;
        try {
            IMqttToken token = client.subscribe(names, filters.values().stream().mapToInt(Integer::intValue).toArray());
            token.waitForCompletion(settings.connectTimeout().toMillis());
            granted = token.getGrantedQos() == null ? new int[0] : token.getGrantedQos();
        } catch (MqttException e) {
            throw new IOException("subscribing " + String.join(", ", names) + " on broker " + settings.url()
                    + " failed: " + MqttFailures.network(e), e);
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < names.length && i < granted.length; i++) {
            if (granted[i] == REFUSED) {
                refused.add(names[i]);
            }
        }
        return refused;
    }

    void unsubscribe(String filter) throws MqttException {
        client.unsubscribe(filter).waitForCompletion(settings.connectTimeout().toMillis());
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** PUBACK for message {@code id} (QoS 1). */
    void ack(int id, int qos) throws MqttException {
        client.messageArrivedComplete(id, qos);
    }

    /**
     * Ends the network connection: a plain DISCONNECT when connected (Paho's forcible disconnect would wait out
     * its whole timeout for an answer MQTT 3.1.1 never sends); forcibly, without waiting, in any other state.
     */
    void disconnectQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(settings.connectTimeout().toMillis());
                return;
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: disconnect: {}", settings.url(), e.toString());
        }
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("{}: forcible disconnect: {}", settings.url(), e.toString());
        }
    }

    /** Disconnects and releases Paho's threads. */
    void close() {
        disconnectQuietly();
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("{}: closing the MQTT client failed: {}", settings.url(), e.toString());
        }
    }
}
