/** The ch200 lab analyzer driver: see its factory and docs/lab-analyzers.md. */
package org.smartclinic.drivers.instrument.lab.ch200;
