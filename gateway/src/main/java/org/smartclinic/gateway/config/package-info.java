/** The gateway's configuration, declared and documented in one {@code @ConfigMapping}. */
package org.smartclinic.gateway.config;
