/**
 * The record layer of ASTM E1394-97 / CLSI LIS2-A2, the messages between clinical laboratory analyzers and a
 * laboratory information system: {@link org.smartclinic.drivers.codec.astm.record.AstmMessageParser} turns the
 * records of one message, as the link layer delivers them, into an
 * {@link org.smartclinic.drivers.codec.astm.record.AstmMessage} (header, patients with orders with results,
 * queries, terminator; every field also reachable raw by number, repeat and component for vendor variants) and a
 * list of structured problems, bounded and never throwing; strict by default, with documented leniencies in
 * {@link org.smartclinic.drivers.codec.astm.record.AstmParseOptions}.
 * {@link org.smartclinic.drivers.codec.astm.record.AstmMessageWriter} writes a model back with its delimiters,
 * escaping values, and {@link org.smartclinic.drivers.codec.astm.record.AstmQueryAnswers} builds the host's answers
 * to an instrument's query. Plain Java: no driver SPI, FHIR, SQL or CDI; a driver maps the model to readings.
 */
package org.smartclinic.drivers.codec.astm.record;
