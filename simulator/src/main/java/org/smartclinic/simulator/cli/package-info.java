/**
 * The {@code simulator} command line (picocli): one subcommand class per tool. The commands that run a twin extend
 * {@code TwinCommand} (start it or say why not, run until done or Ctrl-C, print its totals) and keep only their
 * options and their lines; those that plug into a line share {@code PlugOptions}.
 */
package org.smartclinic.simulator.cli;
