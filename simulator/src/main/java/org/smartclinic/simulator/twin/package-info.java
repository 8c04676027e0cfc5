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
 *   <li>What the device twins share: {@link org.smartclinic.simulator.twin.TwinHandle}, the facade of a twin on the
 *       engine (where it is plugged, unplug, replug, close); {@link org.smartclinic.simulator.twin.FaultKnobs}, a
 *       builder's every-n-th fault knobs folded over its plan; {@link org.smartclinic.simulator.twin.ProducerThread},
 *       the periodic thread of twins that produce on their own (files, MQTT messages);
 *       {@link org.smartclinic.simulator.twin.Checks}, the builders' argument checks;
 *       {@link org.smartclinic.simulator.twin.MonitorWait}, the timed wait on a monitor that awaits and pauses
 *       share.</li>
 *   <li>{@link org.smartclinic.simulator.twin.VectorReplay}: replays a driver's vector files to the gateway and
 *       checks its answers.</li>
 * </ul>
 * Nothing here knows an instrument; twins live in {@code org.smartclinic.simulator.device}.
 */
package org.smartclinic.simulator.twin;
