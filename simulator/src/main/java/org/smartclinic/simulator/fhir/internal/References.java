package org.smartclinic.simulator.fhir.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code Reference.reference} strings the way a FHIR server resolves them: relative
 * {@code Type/id[/_history/v]}, absolute URLs (local when they start with this server's base), placeholders
 * ({@code urn:uuid:}, {@code urn:oid:}) that only a transaction can resolve, and contained {@code #id} references.
 */
public final class References {

    /** A FHIR id: 1-64 of {@code [A-Za-z0-9-.]}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private static final Pattern LOCAL = Pattern.compile(
            "([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})(?:/_history/([A-Za-z0-9\\-.]{1,64}))?");

    /** A relative reference to a resource on this server. */
    public record Local(String resourceType, String id) {
        @Override
        public String toString() {
            return resourceType + "/" + id;
        }
    }

    private References() {
    }

    public static boolean isPlaceholder(String reference) {
        return reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:");
    }

    public static boolean isContained(String reference) {
        return reference.startsWith("#");
    }

    /** {@code reference} with this server's base stripped; other strings unchanged. */
    public static String relativize(String reference, String localBase) {
        if (localBase != null && reference.startsWith(localBase + "/")) {
            return reference.substring(localBase.length() + 1);
        }
        return reference;
    }

    /** The local target of {@code reference}, if it is relative (or absolute to this server) and well formed. */
    public static Optional<Local> parseLocal(String reference, String localBase) {
        Matcher matcher = LOCAL.matcher(relativize(reference, localBase));
        return matcher.matches() ? Optional.of(new Local(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** Whether {@code reference} points outside this server (another server's URL, or a placeholder). */
    public static boolean isExternal(String reference, String localBase) {
        String relative = relativize(reference, localBase);
        return relative.contains("://") || relative.startsWith("urn:");
    }

    /** How a reference is indexed and searched: local as {@code (type, id)}, external as {@code (null, url)}. */
    public static Optional<IndexedValue> toIndexedValue(String reference, String localBase) {
        if (reference == null || reference.isBlank() || isContained(reference)) {
            return Optional.empty();
        }
        Optional<Local> local = parseLocal(reference, localBase);
        if (local.isPresent()) {
            return Optional.of(new IndexedValue(local.get().resourceType(), local.get().id()));
        }
        return Optional.of(new IndexedValue(null, reference));
    }
}
