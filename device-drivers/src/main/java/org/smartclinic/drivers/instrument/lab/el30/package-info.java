/**
 * The EL-30 electrolyte analyzer: its wire format ({@code El30Protocol}, shared with its simulator twin: a printed
 * report between STX and ETX with a mod-256 checksum, answered ACK/NAK), its driver and service-provider factory,
 * and its code table {@code el30-codes.csv}. The driver frames reports with a bounded decoder, reads the report's
 * lines (serial, date, sample and patient ids, one line per analyte with range and flag) and turns each report into
 * one reading of laboratory results coded with LOINC. Its behaviour on good and bad input is pinned by the vector
 * files under {@code src/test/resources/vectors/el30}.
 */
package org.smartclinic.drivers.instrument.lab.el30;
