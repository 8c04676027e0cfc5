package org.smartclinic.drivers.transport;

/** Receives what a {@link ByteTransport} reads. Calls come from one thread at a time. */
public interface TransportListener {

    /** Bytes received; {@code data} may be reused after return, so copy what must be kept. */
    void onBytes(byte[] data, int length);

    /** The connection ended by itself (device unplugged, peer closed, I/O error); called at most once. */
    void onClosed(String reason);
}
