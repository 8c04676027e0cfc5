package org.smartclinic.gateway.uplink.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ClientAssertionTest {

    private static final String TOKEN_URL = "https://ehr.example/auth/token";
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sign_rsaKey_rs384WithSpecClaimsAndSignatureVerifiesWithPublicKey() throws Exception {
        KeyPair keys = TestKeys.rsa();
        ClientAssertion assertion = new ClientAssertion("gw-1", keys.getPrivate(), Optional.empty(),
                Optional.of("key-2026"), Duration.ofMinutes(5), CLOCK);

        String jwt = assertion.sign(TOKEN_URL);

        String[] parts = jwt.split("\\.");
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        assertThat(header.path("alg").asText()).isEqualTo("RS384");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).isEqualTo("key-2026");
        assertThat(claims.path("iss").asText()).isEqualTo("gw-1");
        assertThat(claims.path("sub").asText()).isEqualTo("gw-1");
        assertThat(claims.path("aud").asText()).isEqualTo(TOKEN_URL);
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
        assertThat(claims.path("jti").asText()).isNotBlank();
        assertThat(verifies("SHA384withRSA", keys.getPublic(), parts)).isTrue();
    }

    @Test
    void sign_ecP384Key_es384InJoseFormVerifiesWithPublicKey() throws Exception {
        KeyPair keys = TestKeys.ecP384();
        ClientAssertion assertion = new ClientAssertion("gw-1", keys.getPrivate(), Optional.of("es384"),
                Optional.empty(), Duration.ofMinutes(2), CLOCK);

        String[] parts = assertion.sign(TOKEN_URL).split("\\.");

        assertThat(decode(parts[0]).path("alg").asText()).isEqualTo("ES384");
        assertThat(decode(parts[0]).has("kid")).isFalse();
        assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(96); // r and s, 48 bytes each
        assertThat(verifies("SHA384withECDSAinP1363Format", keys.getPublic(), parts)).isTrue();
    }

    @Test
    void sign_twice_freshJtiEachTime() throws Exception {
        ClientAssertion assertion = new ClientAssertion("gw-1", TestKeys.rsa().getPrivate(), Optional.empty(),
                Optional.empty(), Duration.ofMinutes(5), CLOCK);

        String first = decode(assertion.sign(TOKEN_URL).split("\\.")[1]).path("jti").asText();
        String second = decode(assertion.sign(TOKEN_URL).split("\\.")[1]).path("jti").asText();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void create_lifetimeOverFiveMinutes_refusedNamingTheSetting() {
        assertThatThrownBy(() -> new ClientAssertion("gw-1", TestKeys.rsa().getPrivate(), Optional.empty(),
                Optional.empty(), Duration.ofMinutes(6), CLOCK))
                .isInstanceOf(EhrAuthConfigException.class).hasMessageContaining("assertion-lifetime");
    }

    @Test
    void create_es384WithRsaKeyOrWrongCurve_refused() {
        assertThatThrownBy(() -> new ClientAssertion("gw-1", TestKeys.rsa().getPrivate(), Optional.of("ES384"),
                Optional.empty(), Duration.ofMinutes(5), CLOCK)).hasMessageContaining("P-384");
        assertThatThrownBy(() -> new ClientAssertion("gw-1", TestKeys.ec("secp256r1").getPrivate(),
                Optional.empty(), Optional.empty(), Duration.ofMinutes(5), CLOCK)).hasMessageContaining("P-384");
    }

    @Test
    void parsePem_pkcs8RsaAndEc_roundTrip() {
        KeyPair rsa = TestKeys.rsa();
        KeyPair ec = TestKeys.ecP384();

        assertThat(PemPrivateKeys.parse(TestKeys.pem(rsa.getPrivate()), "test").getEncoded())
                .isEqualTo(rsa.getPrivate().getEncoded());
        assertThat(PemPrivateKeys.parse(TestKeys.pem(ec.getPrivate()), "test").getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void parsePem_pkcs1_refusedWithConversionHintAndNoKeyMaterial() {
        String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecretsecret\n-----END RSA PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PemPrivateKeys.parse(pkcs1, "smartclinic.fhir.auth.private-key"))
                .hasMessageContaining("openssl pkcs8").hasMessageNotContaining("MIIEsecret");
    }

    private JsonNode decode(String part) throws Exception {
        return json.readTree(Base64.getUrlDecoder().decode(part));
    }

    private static boolean verifies(String algorithm, PublicKey key, String[] parts) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
