/**
 * Device-side twins of the instruments the gateway drives, one subpackage per family, each speaking its
 * instrument's wire protocol on a real transport with fault knobs for tests and demos.
 */
package org.smartclinic.simulator.device;
