package org.smartclinic.gateway.invite;

import io.quarkus.security.identity.SecurityIdentity;

import org.smartclinic.gateway.api.Input;

/** Who acts: the logged-in user when there is one, else the {@code by} the request names (optional). */
final class Actors {

    private Actors() {
    }

    static String of(SecurityIdentity identity, String by) {
        if (identity != null && !identity.isAnonymous()) {
            return identity.getPrincipal().getName();
        }
        return by == null || by.isBlank() ? null : Input.actor(by);
    }
}
