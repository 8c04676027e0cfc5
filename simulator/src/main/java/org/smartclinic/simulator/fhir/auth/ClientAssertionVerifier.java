package org.smartclinic.simulator.fhir.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a SMART Backend Services client assertion (a JWT) as a token server must: {@code alg} RS384 or ES384 and
 * the signature with the client's registered public key; {@code iss} = {@code sub} = a registered client;
 * {@code aud} = this server's token URL; {@code exp} in the future and at most 5 minutes away; {@code jti} never
 * seen before (kept until its {@code exp}).
 */
final class ClientAssertionVerifier {

    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Duration SKEW = Duration.ofSeconds(10);
    private static final String INVALID_CLIENT = "invalid_client";

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, PublicKey> clients;
    private final Map<String, Instant> seenJti = new ConcurrentHashMap<>();
    private final Clock clock;

    ClientAssertionVerifier(Map<String, PublicKey> clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /** The client id the assertion proves, or a rejection saying why not. */
    String verify(String jwt, String tokenUrl) throws TokenRequestRejected {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new TokenRequestRejected(INVALID_CLIENT, "client_assertion is not a signed JWT (3 parts)");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        String clientId = claims.path("iss").asText("");
        PublicKey key = clients.get(clientId);
        if (key == null) {
            throw new TokenRequestRejected(INVALID_CLIENT, "unknown client (iss) '" + clientId + "'");
        }
        checkSignature(header.path("alg").asText(""), key, parts);
        if (!clientId.equals(claims.path("sub").asText(""))) {
            throw new TokenRequestRejected(INVALID_CLIENT, "sub must equal iss (the client id)");
        }
        if (!audienceIs(claims.path("aud"), tokenUrl)) {
            throw new TokenRequestRejected(INVALID_CLIENT, "aud must be the token URL " + tokenUrl);
        }
        Instant exp = checkExpiry(claims.path("exp"));
        checkJti(claims.path("jti").asText(""), exp);
        return clientId;
    }

    private void checkSignature(String alg, PublicKey key, String[] parts) throws TokenRequestRejected {
        String jca = switch (alg) {
            case "RS384" -> key instanceof RSAPublicKey ? "SHA384withRSA" : null;
            case "ES384" -> key instanceof ECPublicKey ? "SHA384withECDSAinP1363Format" : null;
            default -> throw new TokenRequestRejected(INVALID_CLIENT, "alg must be RS384 or ES384, was '" + alg + "'");
        };
        if (jca == null) {
            throw new TokenRequestRejected(INVALID_CLIENT, "alg " + alg + " does not fit the registered "
                    + key.getAlgorithm() + " key");
        }
        try {
            Signature verifier = Signature.getInstance(jca);
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a malformed signature is a wrong signature
        }
        throw new TokenRequestRejected(INVALID_CLIENT, "signature does not verify with the client's registered key");
    }

    private Instant checkExpiry(JsonNode expNode) throws TokenRequestRejected {
        if (!expNode.canConvertToLong()) {
            throw new TokenRequestRejected(INVALID_CLIENT, "exp is missing");
        }
        Instant exp = Instant.ofEpochSecond(expNode.asLong());
        Instant now = clock.instant();
        if (!exp.isAfter(now.minus(SKEW))) {
            throw new TokenRequestRejected(INVALID_CLIENT, "the assertion has expired");
        }
        if (exp.isAfter(now.plus(MAX_LIFETIME).plus(SKEW))) {
            throw new TokenRequestRejected(INVALID_CLIENT, "exp is more than 5 minutes away");
        }
        return exp;
    }

    private void checkJti(String jti, Instant exp) throws TokenRequestRejected {
        if (jti.isEmpty()) {
            throw new TokenRequestRejected(INVALID_CLIENT, "jti is missing");
        }
        Instant now = clock.instant();
        seenJti.values().removeIf(until -> until.plus(SKEW).isBefore(now));
        if (seenJti.putIfAbsent(jti, exp) != null) {
            throw new TokenRequestRejected(INVALID_CLIENT, "jti was used before (replayed assertion)");
        }
    }

    private static boolean audienceIs(JsonNode aud, String tokenUrl) {
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (tokenUrl.equals(a.asText())) {
                    return true;
                }
            }
            return false;
        }
        return tokenUrl.equals(aud.asText());
    }

    private JsonNode decode(String part) throws TokenRequestRejected {
        try {
            return json.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException | IllegalArgumentException e) {
            throw new TokenRequestRejected(INVALID_CLIENT, "client_assertion is not a JWT (bad base64url or JSON)");
        }
    }
}
