package org.smartclinic.gateway.invite;

import io.quarkus.security.identity.SecurityIdentity;

/** Who acts: the logged-in member of staff (null only where no login applies, e.g. a unit test). */
final class Actors {

    private Actors() {
    }

    static String of(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }
}
