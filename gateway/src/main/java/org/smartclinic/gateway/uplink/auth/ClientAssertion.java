package org.smartclinic.gateway.uplink.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The signed JWT a SMART Backend Services client authenticates with ({@code private_key_jwt}): header
 * {@code alg} (RS384 or ES384), {@code typ=JWT}, {@code kid}; claims {@code iss} = {@code sub} = client id,
 * {@code aud} = the token endpoint URL, {@code exp} (at most 5 minutes ahead), a fresh {@code jti} each time.
 * Signed with the JDK's {@code Signature} (ES384 in the JOSE form: r and s, 48 bytes each).
 */
public final class ClientAssertion {

    /** The longest lifetime the SMART specification allows. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String clientId;
    private final PrivateKey key;
    private final String algorithm;
    private final Optional<String> keyId;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param algorithm {@code RS384} or {@code ES384}; empty: RS384 for an RSA key, ES384 for an EC key
     * @throws EhrAuthConfigException when the algorithm does not fit the key or the lifetime exceeds 5 minutes
     */
    public ClientAssertion(String clientId, PrivateKey key, Optional<String> algorithm, Optional<String> keyId,
                           Duration lifetime, Clock clock) {
        this.clientId = clientId;
        this.key = key;
        this.algorithm = algorithm.map(a -> a.strip().toUpperCase(Locale.ROOT)).orElseGet(() -> defaultAlgorithm(key));
        this.keyId = keyId;
        this.lifetime = lifetime;
        this.clock = clock;
        checkKeyFits();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new EhrAuthConfigException("smartclinic.fhir.auth.assertion-lifetime must be above 0 and at most 5m"
                    + " (SMART Backend Services), was " + lifetime);
        }
    }

    /** {@code RS384} or {@code ES384}. */
    public String algorithm() {
        return algorithm;
    }

    /** A new signed assertion for the token endpoint {@code tokenUrl}. */
    public String sign(String tokenUrl) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        keyId.ifPresent(kid -> header.put("kid", kid));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", tokenUrl);
        claims.put("exp", clock.instant().plus(lifetime).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = encode(header) + "." + encode(claims);
        return signingInput + "." + B64.encodeToString(signature(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] signature(byte[] input) {
        try {
            Signature signer = Signature.getInstance(
                    "RS384".equals(algorithm) ? "SHA384withRSA" : "SHA384withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(input);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the client assertion failed (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JWT part", e);
        }
    }

    private static String defaultAlgorithm(PrivateKey key) {
        return key instanceof ECPrivateKey ? "ES384" : "RS384";
    }

    private void checkKeyFits() {
        boolean fits = switch (algorithm) {
            case "RS384" -> key instanceof RSAPrivateKey;
            case "ES384" -> key instanceof ECPrivateKey ec && ec.getParams().getCurve().getField().getFieldSize() == 384;
            default -> throw new EhrAuthConfigException("smartclinic.fhir.auth.algorithm must be RS384 or ES384, was "
                    + algorithm);
        };
        if (!fits) {
            throw new EhrAuthConfigException("smartclinic.fhir.auth.algorithm " + algorithm + " needs "
                    + ("RS384".equals(algorithm) ? "an RSA key" : "an EC key on curve P-384")
                    + "; the private key is " + key.getAlgorithm());
        }
    }
}
