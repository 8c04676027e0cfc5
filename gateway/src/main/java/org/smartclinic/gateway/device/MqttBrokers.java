package org.smartclinic.gateway.device;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.smartclinic.drivers.link.Connector;

/** The MQTT broker connections, one per configured broker, shared by the devices that publish there. */
@ApplicationScoped
public class MqttBrokers {

    /** One broker connection as the technician sees it. */
    public record BrokerView(String name, String url, String state, String reason) {
    }

    /** Every broker connection opened so far. */
    public List<BrokerView> views() {
        return List.of();
    }

    /** The connector of a device that publishes on {@code spec}'s topic. */
    public Connector connector(String deviceId, TransportSpec.Mqtt spec) {
        throw new IllegalStateException("device " + deviceId + ": MQTT is not available in this build yet");
    }
}
