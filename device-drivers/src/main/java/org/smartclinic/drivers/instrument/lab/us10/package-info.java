/** The us10 lab analyzer driver: see its factory and docs/lab-analyzers.md. */
package org.smartclinic.drivers.instrument.lab.us10;
