package org.smartclinic.gateway.web;

import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the staff's pages show things: {@code smartclinic.web.*}. */
@ConfigMapping(prefix = "smartclinic.web")
public interface WebConfig {

    /** The clinic's time zone: every date and time on the pages is shown in it. Default: this machine's zone.
     * An IANA name such as {@code Europe/Moscow}. */
    Optional<String> zone();

    /** The language when the browser asks for none the pages have ({@code ru} or {@code en}). */
    @WithDefault("ru")
    String defaultLanguage();

    /** The clinic's name, shown in the page header. */
    @WithDefault("Smart Mini-Clinic")
    String clinicName();

    default ZoneId clinicZone() {
        return zone().filter(z -> !z.isBlank()).map(ZoneId::of).orElse(ZoneId.systemDefault());
    }
}
