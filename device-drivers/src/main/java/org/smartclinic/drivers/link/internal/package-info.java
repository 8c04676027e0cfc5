/**
 * Parts of {@link org.smartclinic.drivers.link.DeviceLink} that are not API: the reconnect backoff, the inbox that
 * hands transport events to the link thread, and the listener guard. May change without notice.
 */
package org.smartclinic.drivers.link.internal;
