package org.smartclinic.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The small rules that keep requests honest: same-origin checks, where the gateway may listen. */
class SecurityRulesTest {

    @Test
    void sameOrigin_matchesSchemeHostAndPort_only() {
        assertThat(CsrfProtection.sameOrigin("http://gw.clinic:8080", "http", "gw.clinic:8080")).isTrue();
        assertThat(CsrfProtection.sameOrigin("https://gw.clinic", "https", "gw.clinic:443")).isTrue();
        assertThat(CsrfProtection.sameOrigin("http://GW.clinic:8080", "http", "gw.clinic:8080")).isTrue();
        assertThat(CsrfProtection.sameOrigin("http://evil.example:8080", "http", "gw.clinic:8080")).isFalse();
        assertThat(CsrfProtection.sameOrigin("http://gw.clinic:8081", "http", "gw.clinic:8080")).isFalse();
        assertThat(CsrfProtection.sameOrigin("https://gw.clinic:8080", "http", "gw.clinic:8080")).isFalse();
        assertThat(CsrfProtection.sameOrigin("null", "http", "gw.clinic:8080")).isFalse();
        assertThat(CsrfProtection.sameOrigin("http://gw.clinic:8080", "http", null)).isFalse();
        assertThat(CsrfProtection.sameOrigin("::not a uri::", "http", "gw.clinic:8080")).isFalse();
    }

    @Test
    void csrfTokens_compareExactly() {
        assertThat(CsrfProtection.matches("abc", "abc")).isTrue();
        assertThat(CsrfProtection.matches("abc", "abd")).isFalse();
        assertThat(CsrfProtection.matches("abc", null)).isFalse();
        assertThat(CsrfProtection.matches("abc", "")).isFalse();
    }

    @Test
    void oidcRoles_mapToGatewayRoles_andNamesBecomeLocalAccountNames() {
        assertThat(OidcLoginResource.mapRoles(Set.of("clinic-doctor", "offline_access", "admin"),
                Map.of("clinic-doctor", "gp"))).containsExactlyInAnyOrder("gp", "admin");
        assertThat(OidcLoginResource.mapRoles(Set.of("uma_authorization"), Map.of())).isEmpty();
        assertThat(OidcLoginResource.localName("Ivanova@clinic.ru")).isEqualTo("oidc.Ivanova_clinic.ru");
        assertThat(OidcLoginResource.localName("x".repeat(100))).hasSize(64);
    }

    @Test
    void theLanguageSwitch_goesBackOnlyToAPathOfThisGateway() {
        assertThat(org.smartclinic.gateway.web.LanguageResource.safeBack("/gp/stations/room-1")).isEqualTo(
                "/gp/stations/room-1");
        for (String bad : new String[] {null, "", "https://evil.example/", "//evil.example", "/\\evil", "gp",
                "/a b", "/x\r\nSet-Cookie: y"}) {
            assertThat(org.smartclinic.gateway.web.LanguageResource.safeBack(bad)).as(String.valueOf(bad))
                    .isEqualTo("/");
        }
    }

    @Test
    void listeningBeyondLocalhost_needsTlsOrAnExplicitChoice() {
        assertThat(ListenGuard.problem("127.0.0.1", false, false)).isNull();
        assertThat(ListenGuard.problem("localhost", false, false)).isNull();
        assertThat(ListenGuard.problem("0.0.0.0", true, false)).isNull();
        assertThat(ListenGuard.problem("0.0.0.0", false, true)).isNull();
        assertThat(ListenGuard.problem("0.0.0.0", false, false)).contains("quarkus.http.ssl.certificate.files")
                .contains("allow-plain-http-on-network");
        assertThat(ListenGuard.problem("192.168.1.10", false, false)).isNotNull();
    }
}
