/**
 * The SP-80 spirometer's export files: {@link org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Format}
 * defines the file (and writes it, for the simulator's twin),
 * {@link org.smartclinic.drivers.instrument.spirometry.sp80.Sp80Driver} turns one file into one reading of FVC,
 * FEV1, FEV1/FVC and PEF with their % predicted values, coded with LOINC. Its behaviour on good and bad files is
 * pinned by the vector files under {@code src/test/resources/vectors/sp80}.
 */
package org.smartclinic.drivers.instrument.spirometry.sp80;
