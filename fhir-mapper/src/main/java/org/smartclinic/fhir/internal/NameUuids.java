package org.smartclinic.fhir.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based UUIDs, version 5 (SHA-1), as RFC 9562 section 5.5 defines them: the same name always gives the same
 * UUID, so a bundle built twice from the same reading is byte-identical.
 *
 * <p>Names are identifiers written {@code system|value}, with {@code \} and {@code |} inside either part escaped by a
 * backslash (so system {@code a} value {@code b|c} and system {@code a|b} value {@code c} differ), hashed in
 * {@link #NAMESPACE}, a namespace of this project (a random UUID fixed once, so our UUIDs do not collide with other
 * users of the standard namespaces).
 */
public final class NameUuids {

    /** The project's namespace for identifier-derived UUIDs. Never change it: bundle fullUrls derive from it. */
    public static final UUID NAMESPACE = UUID.fromString("177d0808-3f65-4016-b25e-47d99ad3f509");

    private NameUuids() {
    }

    /** {@code urn:uuid:} form of the version 5 UUID of identifier {@code system|value}. */
    public static String urnForIdentifier(String system, String value) {
        return "urn:uuid:" + v5(NAMESPACE, escape(system) + "|" + escape(value));
    }

    /**
     * {@code urn:uuid:} form of the version 5 UUID of {@code <type>/<id>}, for an entry whose resource has an id of
     * its own (no identifier). The name has no unescaped {@code |}, so it never equals an identifier's name.
     */
    public static String urnForResourceId(String type, String id) {
        return "urn:uuid:" + v5(NAMESPACE, type + "/" + id);
    }

    private static String escape(String part) {
        return part.replace("\\", "\\\\").replace("|", "\\|");
    }

    /** Version 5 UUID of {@code name} (UTF-8) in {@code namespace}. */
    public static UUID v5(UUID namespace, String name) {
        MessageDigest sha1 = sha1();
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3F) | 0x80); // variant 10xx (RFC 9562)
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
