/**
 * The BPM-200 automatic blood pressure monitor: its wire format ({@code Bpm200Protocol}, shared with its simulator
 * twin), its driver and service-provider factory, and its code table {@code bpm200-codes.csv}. The driver frames
 * with the shared {@link org.smartclinic.drivers.codec.line.ChecksumLineDecoder}, parses and range-checks
 * measurement and heartbeat bodies, and turns a measurement into one blood pressure panel reading (SYS, DIA, MAP)
 * plus the pulse, coded with LOINC and MDC. Its behaviour on good and bad input is pinned by the vector files
 * under {@code src/test/resources/vectors/bpm200}.
 */
package org.smartclinic.drivers.instrument.bp.bpm200;
