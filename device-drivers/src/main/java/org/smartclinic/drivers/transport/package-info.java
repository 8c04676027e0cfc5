/**
 * Transports only move bytes and report that a connection ended. They know nothing of frames or devices;
 * reconnecting is the job of {@link org.smartclinic.drivers.link.DeviceLink}.
 */
package org.smartclinic.drivers.transport;
