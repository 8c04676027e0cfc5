/**
 * Binding: the explicit rules that attach a reading to a patient's exam, and nothing else. {@link
 * org.smartclinic.gateway.binding.DeviceClock} turns a device's timestamp and the receive time into an interval
 * that surely contains the moment of measurement; {@link org.smartclinic.gateway.binding.Binder} binds only when
 * exactly one exam covers that whole interval at the station the device was at, or the reading carries a sample id
 * the gateway issued, and holds or leaves unassigned everything else. Pure code: the journal supplies the facts.
 * See {@code docs/binding.md}.
 */
package org.smartclinic.gateway.binding;
