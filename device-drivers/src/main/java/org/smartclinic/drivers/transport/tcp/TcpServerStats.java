package org.smartclinic.drivers.transport.tcp;

/**
 * Counters of one {@link TcpServerHub} since it started, a snapshot from {@link TcpServerHub#stats()}.
 *
 * @param accepted                 connections accepted on the port
 * @param identifiedByAddress      connections handed to a device by its remote address
 * @param identifiedByHello        connections handed to a device by their hello
 * @param identifiedBySerialNumber connections handed to a device by the serial number in their first message
 * @param refusedUnknown           connections that matched no device (see {@link TcpServerHub#unknownConnections()}),
 *                                 including those refused because too many were waiting
 * @param replaced                 live or waiting connections closed because the same device connected again
 * @param unclaimed                identified connections closed because the device's link did not take them within
 *                                 the identification timeout (or the device was unregistered meanwhile)
 */
public record TcpServerStats(long accepted, long identifiedByAddress, long identifiedByHello,
        long identifiedBySerialNumber, long refusedUnknown, long replaced, long unclaimed) {

    /** All identified connections. */
    public long identified() {
        return identifiedByAddress + identifiedByHello + identifiedBySerialNumber;
    }
}
