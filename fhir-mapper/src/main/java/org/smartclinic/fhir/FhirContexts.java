package org.smartclinic.fhir;

import ca.uhn.fhir.context.FhirContext;

/**
 * The process's one FHIR R4 {@link FhirContext}. Creating a context scans the model classes (over a second), and
 * HAPI documents it as thread-safe and meant to be shared, so every part of the gateway uses this one.
 *
 * <p>Created on first use (class-holder idiom: lazy and thread-safe without locks). Call {@link #warmUp()} during
 * start-up, before readiness, so the first reading does not pay for the scan.
 *
 * <p>The parser's automatic containment is off: it would turn a reference that holds a resource object without an
 * id into a contained resource, and to find such references it walks every element of every resource on every
 * encode (a sixth of the uplink's CPU while draining a backlog). The mapper never makes such a reference: every
 * reference is by URL ({@code urn:uuid:}, {@code Type/id}, or a conditional reference), so the JSON is the same
 * without it (every golden-file test also compares it with the JSON from a context with HAPI's defaults).
 */
public final class FhirContexts {

    private FhirContexts() {
    }

    /** The shared R4 context. */
    public static FhirContext r4() {
        return Holder.R4;
    }

    /** Creates the context and scans the resource types the mapper emits. */
    public static void warmUp() {
        FhirContext context = r4();
        for (String type : new String[] {"Bundle", "Observation", "Patient", "Encounter", "Device",
                "DiagnosticReport", "AuditEvent"}) {
            context.getResourceDefinition(type);
        }
    }

    private static final class Holder {
        static final FhirContext R4 = create();

        private static FhirContext create() {
            FhirContext context = FhirContext.forR4();
            context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
            return context;
        }
    }
}
