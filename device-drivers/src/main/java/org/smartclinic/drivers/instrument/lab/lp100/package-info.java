/** The lp100 lab analyzer driver: see its factory and docs/lab-analyzers.md. */
package org.smartclinic.drivers.instrument.lab.lp100;
