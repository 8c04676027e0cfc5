/**
 * Framing of binary frames shaped {@code sync bytes, header with a payload length, payload, check value}, shared
 * by the instruments that stream binary data (OX-300 pulse oximeter; the 12-lead ECG to come).
 * {@link org.smartclinic.drivers.codec.binary.SyncFrameDecoder} turns a connection's bytes into frames whose check
 * value matched, or rejections with a reason, bounded by the format's maximum frame length; on corruption it
 * resynchronises at the next sync pattern, even one inside the corrupt frame.
 * {@link org.smartclinic.drivers.codec.binary.Crc16} is the CRC-16/CCITT-FALSE those protocols use. What a header
 * or payload means is the instrument driver's business.
 */
package org.smartclinic.drivers.codec.binary;
