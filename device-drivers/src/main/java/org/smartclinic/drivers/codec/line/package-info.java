/**
 * Framing of checksummed ASCII line frames, {@code start body delimiter HH CR LF}, shared by the instruments that
 * print one line per result (BPM-200 blood pressure monitor, and the scale, tonometer and haemoglobin photometer
 * rows of the catalogue). {@link org.smartclinic.drivers.codec.line.ChecksumLineDecoder} turns a connection's
 * bytes into good frame bodies or rejections with a reason, bounded by the format's maximum frame length, and
 * recovers on the next start byte; what a body means is the instrument driver's business.
 */
package org.smartclinic.drivers.codec.line;
