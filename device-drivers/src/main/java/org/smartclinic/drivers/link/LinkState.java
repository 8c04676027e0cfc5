package org.smartclinic.drivers.link;

/** Where a {@link DeviceLink} is in its life. */
public enum LinkState {
    /** Not started, or closed for good. */
    STOPPED,
    /** Opening the transport. */
    CONNECTING,
    /** Open and hearing from the device within its quiet time. */
    CONNECTED,
    /** The last attempt failed or the connection dropped; waiting before the next attempt. */
    BACKOFF
}
