/**
 * Real pseudo-terminals for simulator twins: {@link org.smartclinic.simulator.pty.Pty} opens a raw-mode pair with
 * libc {@code openpty} through JNA and points a stable symlink at the slave, so the gateway opens it exactly like a
 * USB-serial port; closing it is an unplug the gateway sees as a hang-up.
 */
package org.smartclinic.simulator.pty;
