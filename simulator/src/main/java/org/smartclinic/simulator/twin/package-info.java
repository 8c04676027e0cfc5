/**
 * The twin engine: what every instrument twin shares, so a new twin is one small {@link
 * org.smartclinic.simulator.twin.TwinBehaviour} with its protocol and nothing else.
 *
 * <ul>
 *   <li>{@link org.smartclinic.simulator.twin.Twin} plugs a behaviour in ({@link
 *       org.smartclinic.simulator.twin.TwinPlug}: a pseudo-terminal, a TCP server, a reconnecting TCP client), runs
 *       it on its own thread once per connection through a {@link org.smartclinic.simulator.twin.TwinPort}, and
 *       handles unplug, replug and close without leaks.</li>
 *   <li>{@link org.smartclinic.simulator.twin.FaultPlan} and {@link org.smartclinic.simulator.twin.Faults}: damage
 *       for any framed protocol (a flipped byte, line noise, dropped frames, unplug and replug, a flood), counted.</li>
 *   <li>{@link org.smartclinic.simulator.twin.StopAndWait}: the sender's retry discipline of ACK/NAK protocols.</li>
 *   <li>{@link org.smartclinic.simulator.twin.TwinCounters}: counts a test can await.</li>
 *   <li>{@link org.smartclinic.simulator.twin.VectorReplay}: replays a driver's vector files to the gateway and
 *       checks its answers.</li>
 * </ul>
 * Nothing here knows an instrument; twins live in {@code org.smartclinic.simulator.device}.
 */
package org.smartclinic.simulator.twin;
