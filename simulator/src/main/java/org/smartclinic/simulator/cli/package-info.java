/** The {@code simulator} command line (picocli): one subcommand class per tool. */
package org.smartclinic.simulator.cli;
