/** Health checks beyond the per-device ones the device registry registers itself. */
package org.smartclinic.gateway.health;
