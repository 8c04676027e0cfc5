/**
 * Laboratory analyzer support shared by every lab protocol: the {@link org.smartclinic.drivers.lab.LabCodeTable}
 * (one UTF-8 text file per analyzer model mapping test codes to LOINC and UCUM, flags to FHIR interpretations,
 * ordinals to SNOMED CT, order codes to panels, and holding the analyzer's {@link
 * org.smartclinic.drivers.lab.LabSetting leniency settings}), checked when loaded and failing with the file and
 * line named. Protocol drivers live in sub-packages ({@code astm}).
 */
package org.smartclinic.drivers.lab;
