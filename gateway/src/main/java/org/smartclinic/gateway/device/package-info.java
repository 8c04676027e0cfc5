/**
 * The registered instruments: each runs its driver under a {@link org.smartclinic.drivers.link.DeviceLink}
 * whose sink is the journal, and reports its connection state, counters and last rejections to metrics,
 * health and the technician's API.
 */
package org.smartclinic.gateway.device;
