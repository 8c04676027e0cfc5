/** {@code /api/readings}: what the devices sent, how it was bound and whether the EHR has it. */
package org.smartclinic.gateway.reading;
