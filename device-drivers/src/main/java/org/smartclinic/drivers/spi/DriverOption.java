package org.smartclinic.drivers.spi;

import java.util.Objects;

/**
 * One option a driver understands in a device's configuration ({@code smartclinic.devices.<id>.options.<name>}),
 * documented as data so the technician's API can show it.
 *
 * @param name         option name, lower case with dashes, e.g. {@code accept-lone-lf}
 * @param defaultValue the value when the option is not set
 * @param description  what it does and which values it takes, in a technician's words
 */
public record DriverOption(String name, String defaultValue, String description) {

    public DriverOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
    }
}
