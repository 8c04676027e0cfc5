package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a HAPI JPA server does with the references of a resource it stores: placeholders ({@code urn:uuid:}) and
 * other {@code fullUrl}s of a transaction are rewritten to the ids the entries got, and every local reference must
 * resolve to a stored resource (referential integrity on write), else 400. References to other servers and to
 * contained resources are not checked. Failures carry HAPI JPA's code and wording (HAPI-0541, HAPI-1094), so a
 * client can tell them apart the same way on both servers.
 */
final class ReferenceRules {

    private final FhirContext fhirContext;

    ReferenceRules(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /**
     * Drops the in-memory target objects HAPI's parser attaches to references between the entries of a Bundle
     * (a reference to another entry's {@code fullUrl}); the encoder would otherwise inline them as contained
     * resources. The reference strings stay: they are what gets resolved and stored.
     */
    void detachTargets(Resource resource) {
        for (ResourceReferenceInfo info : references(resource)) {
            Reference reference = (Reference) info.getResourceReference();
            if (reference.hasReference() && !References.isContained(reference.getReference())) {
                reference.setResource(null);
            }
        }
    }

    /** Replaces every reference equal to a key of {@code aliases} (a {@code fullUrl}) with its {@code Type/id}. */
    void rewrite(Resource resource, Map<String, String> aliases) {
        if (aliases.isEmpty()) {
            return;
        }
        for (ResourceReferenceInfo info : references(resource)) {
            Reference reference = (Reference) info.getResourceReference();
            String target = reference.hasReference() ? aliases.get(reference.getReference()) : null;
            if (target != null) {
                reference.setReference(target);
            }
        }
    }

    /**
     * Fails with 400 naming the element when a reference is an unresolved placeholder (HAPI-0541) or points to no
     * stored resource (HAPI-1094, e.g. {@code Resource Patient/999 not found, specified in path: Observation.subject}).
     */
    void checkResolvable(Resource resource, StoreView view, String localBase) {
        for (ResourceReferenceInfo info : references(resource)) {
            Reference reference = (Reference) info.getResourceReference();
            if (!reference.hasReference() || References.isContained(reference.getReference())) {
                continue;
            }
            String value = reference.getReference();
            String path = resource.fhirType() + "." + info.getName();
            if (References.isPlaceholder(value)) {
                throw OperationOutcomes.badRequest(Msg.code(541) + "Unable to satisfy placeholder ID " + value
                        + " found in element named '" + info.getName() + "' within resource of type: "
                        + resource.fhirType());
            }
            if (References.isExternal(value, localBase)) {
                continue;
            }
            Optional<References.Local> local = References.parseLocal(value, localBase);
            if (local.isEmpty()) {
                throw OperationOutcomes.badRequest("Invalid resource reference found at path [" + path
                        + "] - expected Type/id: " + value);
            }
            if (view.current(local.get().resourceType(), local.get().id()).isEmpty()) {
                throw OperationOutcomes.badRequest(Msg.code(1094) + "Resource " + local.get()
                        + " not found, specified in path: " + path);
            }
        }
    }

    private List<ResourceReferenceInfo> references(Resource resource) {
        return fhirContext.newTerser().getAllResourceReferences(resource);
    }
}
