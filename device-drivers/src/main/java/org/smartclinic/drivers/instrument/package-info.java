/**
 * Instrument drivers, one package per family and model. Each driver is a small class naming its protocol, its
 * code table (a resource next to it) and its quirks; the framing is a shared codec.
 */
package org.smartclinic.drivers.instrument;
