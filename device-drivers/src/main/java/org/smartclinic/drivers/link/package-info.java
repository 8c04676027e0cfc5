/**
 * Supervision of one device connection: a {@link org.smartclinic.drivers.link.DeviceLink} opens a transport,
 * feeds its bytes to the device's driver, stores accepted readings through a {@link
 * org.smartclinic.drivers.link.ReadingSink} <em>before</em> acknowledging them, answers rejected frames as the
 * protocol says, watches for quiet lines and reconnects with capped exponential backoff.
 */
package org.smartclinic.drivers.link;
