/**
 * The OX-300 bedside pulse oximeter: its wire format ({@code Ox300Protocol}, shared with its simulator twin), its
 * driver and service-provider factory, and its code table {@code ox300-codes.csv}. The device streams binary
 * frames (sync, type, length, seq, payload, CRC-16) framed by the shared
 * {@link org.smartclinic.drivers.codec.binary.SyncFrameDecoder}: pleth samples at 125 Hz become live waveform
 * chunks with gaps counted from the seq numbers, SpO2 and pulse become readings (LOINC and MDC coded) at most as
 * often as the device's report policy says and never from a frame flagged sensor off, low signal or searching,
 * and the device's flags and error texts become status reports. The driver asks the device who it is on connect.
 * Its behaviour on good and bad input is pinned by the vector files under {@code src/test/resources/vectors/ox300}.
 */
package org.smartclinic.drivers.instrument.oximetry.ox300;
