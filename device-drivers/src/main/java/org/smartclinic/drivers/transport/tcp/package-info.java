/**
 * TCP byte transports for stream drivers, usually towards serial-to-Ethernet converters (Moxa NPort, USR-TCP232 and
 * the like). {@link org.smartclinic.drivers.transport.tcp.TcpClientTransport}: the gateway connects to a converter
 * in TCP server mode, one port per instrument. {@link org.smartclinic.drivers.transport.tcp.TcpServerHub}: one
 * listening port shared by devices that connect to the gateway (converters in TCP client mode), each recognised by
 * its remote address, its hello (the converter's registration packet) or the serial number its first message
 * names, and handed to its {@link org.smartclinic.drivers.transport.tcp.TcpServerTransport}; connections that match
 * no device are refused and recorded, never guessed.
 */
package org.smartclinic.drivers.transport.tcp;
