/**
 * MQTT devices (MQTT 3.1.1, the gateway's own subscriber client, {@code MqttWireClient}): one
 * {@link org.smartclinic.drivers.transport.mqtt.MqttConnection}
 * per broker, shared by all devices on it and supervised by its own thread (capped exponential reconnect,
 * resubscription, state and reason for the technician), and one
 * {@link org.smartclinic.drivers.transport.mqtt.MqttSubscription} per device and link attempt, the
 * {@link org.smartclinic.drivers.transport.MessageTransport} of its {@link org.smartclinic.drivers.link.DeviceLink}.
 * Messages are acknowledged (PUBACK) one by one, only after their link settled them, so a reading is journaled
 * before the broker forgets it; what is not acknowledged comes again after a reconnect.
 *
 * <h2>Who sent it: the topic, never the payload</h2>
 * A device's identity is its topic: the device configuration binds a topic filter to a device id, and the broker's
 * ACL guarantees that only that device's client can publish under it. Nothing in a payload (a {@code deviceId} or
 * {@code serial} field) is ever used to say which device a reading came from; drivers whose payload schema would
 * allow such a field reject it. A Mosquitto ACL that gives each device its own branch, keyed by its client id, and
 * the gateway read access to all of them:
 * <pre>
 *   # /etc/mosquitto/acl  (with allow_anonymous false and a password_file)
 *   user smartclinic-gateway
 *   topic read clinic/devices/#
 *
 *   # every device client may write only below its own client id
 *   pattern write clinic/devices/%c/#
 * </pre>
 * With that, the device with client id {@code iot-1} publishes to {@code clinic/devices/iot-1/vitals} and is
 * configured with the topic filter {@code clinic/devices/iot-1/#}.
 *
 * <h2>Broker settings that matter</h2>
 * The gateway's session is persistent ({@code cleanSession=false}, a stable client id): keep the broker's session
 * expiry long enough to cover a gateway restart. Unacknowledged messages count against the broker's in-flight
 * window per client (Mosquitto {@code max_inflight_messages}, default 20): a device link that settles slowly holds
 * slots of the one shared connection, so raise that window for a gateway with many devices. Messages on a topic no
 * configured device claims are left unacknowledged and counted (and warned about once per topic): configure the
 * device, or unsubscribe the stale filter with
 * {@link org.smartclinic.drivers.transport.mqtt.MqttConnection#unsubscribe}.
 */
package org.smartclinic.drivers.transport.mqtt;
