/**
 * ASTM E1381 / E1394 (CLSI LIS1-A / LIS2-A2) lab analyzers, the gateway as host: {@link
 * org.smartclinic.drivers.lab.astm.AstmDriver} (link codec, record parser and code table as a stream driver, with
 * host-query answers), its {@link org.smartclinic.drivers.lab.astm.AstmDriverOptions options}, the generic driver
 * {@code astm-lis2} ({@link org.smartclinic.drivers.lab.astm.AstmLis2DriverFactory}, code table from a file) and the
 * base of the model drivers ({@link org.smartclinic.drivers.lab.astm.AstmModelDriverFactory}, code table bundled).
 * See {@code docs/astm.md}.
 */
package org.smartclinic.drivers.lab.astm;
