package org.smartclinic.drivers.transport.mqtt;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A device publishing with Paho, QoS 1: {@link #publish} returns once the broker has the message. */
final class TestDevice implements AutoCloseable {

    private final MqttClient client;

    TestDevice(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(100);
        options.setConnectionTimeout(5);
        client.connect(options);
    }

    void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnect();
        } finally {
            client.close();
        }
    }
}
