package org.smartclinic.gateway.invite;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code smartclinic.invites.*}: how long specialist invite links live and how they are signed.
 *
 * <ul>
 *   <li>{@code default-validity} (duration, default {@code 120m}): an invite's life when the GP gives none.</li>
 *   <li>{@code max-validity} (duration, default {@code 1440m}, one day): the longest a GP may give.</li>
 *   <li>{@code min-validity} (duration, default {@code 1m}): the shortest a GP may give; tests lower it to seconds
 *       to see a link expire.</li>
 *   <li>{@code key} (optional, base64 of at least 32 bytes): the HMAC-SHA256 key of the tokens. Absent: 32 random
 *       bytes generated once into {@code <data-dir>/invite-key} (file mode 0600) and kept, so links survive a
 *       restart. Changing it invalidates every link given out.</li>
 *   <li>{@code public-url} (optional, e.g. {@code https://gateway.clinic.example}): the base of the links given
 *       out; absent, the base of the GP's own request.</li>
 * </ul>
 */
@ConfigMapping(prefix = "smartclinic.invites")
public interface InviteConfig {

    @WithDefault("120m")
    Duration defaultValidity();

    @WithDefault("1440m")
    Duration maxValidity();

    @WithDefault("1m")
    Duration minValidity();

    Optional<String> key();

    Optional<String> publicUrl();
}
