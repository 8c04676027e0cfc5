/**
 * Not API: how the twin engine plugs in. {@link org.smartclinic.simulator.twin.internal.Plugging} per kind of
 * {@link org.smartclinic.simulator.twin.TwinPlug} (a pty, a listening socket, a reconnecting client), each handing
 * the engine's thread one {@link org.smartclinic.simulator.twin.internal.Connection} at a time.
 */
package org.smartclinic.simulator.twin.internal;
