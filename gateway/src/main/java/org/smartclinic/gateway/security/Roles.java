package org.smartclinic.gateway.security;

import java.util.List;

/**
 * The staff roles. An account holds one or more of them (in a small clinic the GP may also be its technician).
 * Which role may call what is fixed by the annotations on each resource and checked, endpoint by endpoint, by the
 * authorization-matrix test; docs/security.md has the table.
 */
public final class Roles {

    /** The doctor running exams: patients, exams, readings, invites, the GP console. */
    public static final String GP = "gp";
    /** The clinic's technician: instruments, captures, the outbox and its dead letters, the technician pages. */
    public static final String TECHNICIAN = "technician";
    /** Manages staff accounts; sees metrics. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(GP, TECHNICIAN, ADMIN);

    private Roles() {
    }
}
