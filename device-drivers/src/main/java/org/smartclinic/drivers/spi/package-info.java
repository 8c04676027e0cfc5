/**
 * The driver SPI, version 2: one model for every instrument shape. A driver is found with
 * {@link java.util.ServiceLoader} through its {@link org.smartclinic.drivers.spi.DeviceDriverFactory}, whose
 * {@link org.smartclinic.drivers.spi.DriverDescriptor} says what it is, which
 * {@link org.smartclinic.drivers.spi.TransportKind transports} it works over and which options it takes. A
 * {@link org.smartclinic.drivers.spi.StreamDriver} decodes a byte stream, a
 * {@link org.smartclinic.drivers.spi.MessageDriver} whole messages; both return
 * {@link org.smartclinic.drivers.spi.Outcome}s (readings with the answers to send once they are durably stored,
 * rejections, device status and identity, waveform chunks), and both talk back and keep timers only through
 * their {@link org.smartclinic.drivers.spi.DriverChannel}. Drivers do no I/O, start no threads and never throw for
 * bad device input. See {@code docs/drivers.md} for the model and the catalogue.
 */
package org.smartclinic.drivers.spi;
