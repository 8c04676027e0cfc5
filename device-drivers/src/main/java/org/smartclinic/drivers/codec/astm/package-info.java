/**
 * ASTM clinical laboratory instrument interfaces: the protocols lab analyzers (chemistry, haematology,
 * immunoassay, urinalysis) use to send results to a host and to ask it for orders. Two layers, one subpackage
 * each: {@code link} is the low-level protocol of ASTM E1381-02 / CLSI LIS1-A (ENQ, numbered checksummed frames
 * acknowledged one by one, EOT), which carries records; {@code record} reads and writes the records themselves
 * (ASTM E1394 / CLSI LIS2-A2: header, patient, order, result, terminator). Like every codec here, both only turn
 * bytes into typed values and answers; they never touch FHIR, SQL or CDI, and never the driver SPI: an instrument
 * driver wraps them.
 */
package org.smartclinic.drivers.codec.astm;
