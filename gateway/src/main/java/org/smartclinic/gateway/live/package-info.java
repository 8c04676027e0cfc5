/**
 * The live bus (waveform chunks, stored readings, device status for live viewers; bounded, lossy only here, every
 * drop counted) and its Server-Sent Events endpoint.
 */
package org.smartclinic.gateway.live;
