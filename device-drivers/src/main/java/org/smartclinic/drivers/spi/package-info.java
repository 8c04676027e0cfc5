/**
 * The driver SPI. An instrument driver is found with {@link java.util.ServiceLoader} through its
 * {@link org.smartclinic.drivers.spi.DeviceDriverFactory}; it is a pure decoder: bytes in, a list of
 * {@link org.smartclinic.drivers.spi.FrameOutcome}s out, each either accepted readings with the answer to send
 * once they are durably stored, or a rejection with its reason and the answer the protocol prescribes. Drivers
 * do no I/O and never throw for bad device input.
 */
package org.smartclinic.drivers.spi;
