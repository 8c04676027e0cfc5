package org.smartclinic.gateway.invite;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies invite tokens. A token is {@code base64url(payload) "." base64url(HMAC-SHA256(key, payload))}
 * with payload {@code v1|<inviteId>|<examId>|<expiry epoch seconds>}: whoever holds it can prove which invite, exam
 * and expiry the gateway signed, and nobody without the key can make or change one.
 *
 * <p>Verification parses within fixed bounds, then compares the whole MAC in constant time
 * ({@link MessageDigest#isEqual}), so the time taken does not tell an attacker how many leading bytes were right.
 * A valid signature only says the gateway issued the token: the caller must still look the invite up (revoked?
 * same exam?) and check {@link Claims#expiredAt}. A pure class: no clock, no I/O.
 */
public final class InviteTokens {

    /** What a verified token says. */
    public record Claims(String inviteId, String examId, Instant expiresAt) {

        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_TOKEN = 512;
    private static final int MIN_KEY = 32;
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** Tokens signed with {@code key}, at least 32 bytes. */
    public InviteTokens(byte[] key) {
        if (key == null || key.length < MIN_KEY) {
            throw new IllegalArgumentException("the invite key must have at least " + MIN_KEY + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** The token of invite {@code inviteId} to exam {@code examId}, valid until {@code expiresAt} (whole seconds). */
    public String sign(String inviteId, String examId, Instant expiresAt) {
        if (!PART.matcher(inviteId).matches() || !PART.matcher(examId).matches()) {
            throw new IllegalArgumentException("invite and exam ids must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        byte[] payload = ("v1|" + inviteId + "|" + examId + "|" + expiresAt.getEpochSecond())
                .getBytes(StandardCharsets.US_ASCII);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The claims of {@code token} if the gateway signed it with this key; empty if malformed or tampered with. */
    public Optional<Claims> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] given;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            given = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // Only the canonical spelling: base64's unused trailing bits must not give one token many spellings.
        if (!ENCODER.encodeToString(payload).equals(token.substring(0, dot))
                || !ENCODER.encodeToString(given).equals(token.substring(dot + 1))) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), given)) {
            return Optional.empty();
        }
        return parse(new String(payload, StandardCharsets.US_ASCII));
    }

    /** Signed by us, so well formed unless the format changed: still checked, never trusted blindly. */
    private static Optional<Claims> parse(String payload) {
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 4 || !"v1".equals(parts[0]) || !PART.matcher(parts[1]).matches()
                || !PART.matcher(parts[2]).matches() || !parts[3].matches("[0-9]{1,12}")) {
            return Optional.empty();
        }
        return Optional.of(new Claims(parts[1], parts[2], Instant.ofEpochSecond(Long.parseLong(parts[3]))));
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
