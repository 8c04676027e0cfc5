/**
 * Framers and protocol answers shared by instrument drivers. A codec only turns bytes into frames and frames into
 * answers to the device; it never touches FHIR, SQL or CDI. Every framer is bounded, keeps "need more bytes"
 * apart from "corrupt", skips corrupt input first and reports it second, so the next frame still decodes.
 */
package org.smartclinic.drivers.codec;
