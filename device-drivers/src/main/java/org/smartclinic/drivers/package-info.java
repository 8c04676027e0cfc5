/**
 * The reading model shared by every instrument: a {@link org.smartclinic.drivers.Reading} is one measurement
 * event of one device, with device time kept apart from receive time, typed values that carry the device's own
 * code and unit as sent, the standard codings from the instrument's code table, and the printable raw frame it
 * came from. Nothing here knows about FHIR, SQL or CDI.
 */
package org.smartclinic.drivers;
