package org.smartclinic.gateway.device;

import jakarta.enterprise.context.ApplicationScoped;

import org.smartclinic.drivers.link.Connector;

/** The MQTT broker connections, one per configured broker, shared by the devices that publish there. */
@ApplicationScoped
public class MqttBrokers {

    /** The connector of a device that publishes on {@code spec}'s topic. */
    public Connector connector(String deviceId, TransportSpec.Mqtt spec) {
        throw new IllegalStateException("device " + deviceId + ": MQTT is not available in this build yet");
    }
}
