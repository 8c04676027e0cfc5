/**
 * Spirometer twins. {@link org.smartclinic.simulator.device.spiro.Sp80Twin} plays the SP-80's PC software: it
 * writes export files into a folder with the driver's own writer, optionally slowly (to exercise stable-file
 * detection) or malformed every n-th time.
 */
package org.smartclinic.simulator.device.spiro;
