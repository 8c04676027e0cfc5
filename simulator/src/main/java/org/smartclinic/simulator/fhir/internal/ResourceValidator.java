package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.Resource;

import java.util.List;

/** Decides whether an incoming resource may be stored. Implementations are thread-safe. */
public interface ResourceValidator {

    /** Accepts everything: {@code Settings.validate=false}, for load tests. */
    ResourceValidator NONE = resource -> List.of();

    /** Every ERROR/FATAL problem of {@code resource}; empty when it may be stored. */
    List<ValidationIssue> validate(Resource resource);

    /** Problems of the raw request body that parsing into a model hides (unknown elements, wrong types). */
    default List<ValidationIssue> checkBody(String body) {
        return List.of();
    }
}
