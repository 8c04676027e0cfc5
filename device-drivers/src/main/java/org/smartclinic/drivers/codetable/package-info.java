/**
 * Code tables: per instrument, a CSV resource next to its driver that maps the device's own result codes to the
 * standard codings (LOINC, then IEEE 11073 MDC) every {@link org.smartclinic.drivers.Measurement} carries.
 * {@link org.smartclinic.drivers.codetable.CodeTable} loads and checks one (header, field count, LOINC check
 * digit, MDC number and reference id) and fails fast with the resource and line named, so a typo in a table is a
 * build failure rather than a mis-coded observation in the health record.
 */
package org.smartclinic.drivers.codetable;
