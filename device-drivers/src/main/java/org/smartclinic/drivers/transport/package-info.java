/**
 * Transports only move bytes or whole messages and report that a connection ended; they know nothing of frames,
 * readings or devices' protocols. A {@link org.smartclinic.drivers.transport.ByteTransport} carries a byte stream
 * (serial, TCP client, a connection accepted on a shared TCP server port); a
 * {@link org.smartclinic.drivers.transport.MessageTransport} hands over whole messages, each with its
 * {@link org.smartclinic.drivers.transport.Delivery}, the transport's own acknowledgement (MQTT PUBACK, a file
 * move). Reconnecting is the job of {@link org.smartclinic.drivers.link.DeviceLink}.
 */
package org.smartclinic.drivers.transport;
