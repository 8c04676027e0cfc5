/**
 * Parts shared by the TCP transports, not API: the open connection with its reader thread and write guard, the
 * socket options every device connection gets, and the identification of a new connection on a shared server port
 * from its first bytes (the bounded reader and the matcher that decides).
 */
package org.smartclinic.drivers.transport.tcp.internal;
