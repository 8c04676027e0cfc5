package org.smartclinic.simulator.twin;

import java.io.IOException;

/**
 * What a device does while it is connected: the only part of a twin that knows its protocol. The engine
 * ({@link Twin}) calls {@link #run} on its thread each time a connection is up, with a port for that connection.
 *
 * <p>Contract: state that must survive a reconnect (sequence numbers, the frame awaiting its answer) lives in the
 * behaviour's fields. {@code run} waits only by timed {@link TwinPort#read} calls, and returns when the port says
 * -1 or {@link TwinContext#isClosing()}. Returning earlier is fine: the device is then on but silent, and the
 * engine discards what the gateway sends until the connection ends. An {@link IOException} abandons the
 * connection (logged); a runtime exception is a device crash: logged, and the twin's thread ends.
 */
@FunctionalInterface
public interface TwinBehaviour {

    void run(TwinPort port, TwinContext context) throws IOException, InterruptedException;
}
