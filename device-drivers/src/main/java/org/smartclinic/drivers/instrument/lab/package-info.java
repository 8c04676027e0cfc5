/**
 * Lab analyzer models, one package each: a factory naming the model and its transports, and a code table
 * ({@code <id>.codes}) next to it. The protocol is the shared {@link org.smartclinic.drivers.lab.astm.AstmDriver}.
 */
package org.smartclinic.drivers.instrument.lab;
