/**
 * Serial and USB-serial ports through jSerialComm, including pseudo-terminals and symlinks to them.
 */
package org.smartclinic.drivers.transport.serial;
