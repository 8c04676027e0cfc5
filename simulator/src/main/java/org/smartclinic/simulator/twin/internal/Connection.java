package org.smartclinic.simulator.twin.internal;

import org.smartclinic.simulator.twin.TwinPort;

/** One connection of a plug: the port a behaviour uses, with a name for logs. */
public interface Connection extends TwinPort, AutoCloseable {

    /** Who is on the other end, e.g. {@code tcp client 127.0.0.1:51234} or {@code pty /dev/pts/3}. */
    String peer();

    /** Ends this connection; its port returns -1 from then on. Idempotent, from any thread. */
    @Override
    void close();
}
