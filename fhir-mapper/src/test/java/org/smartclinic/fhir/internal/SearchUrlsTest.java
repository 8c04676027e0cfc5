package org.smartclinic.fhir.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchUrlsTest {

    @Test
    void identifierQuery_plainToken_keepsUrlsReadable() {
        assertThat(SearchUrls.identifierQuery("https://example.org/fhir/sid/national-id", "7701-123456"))
                .isEqualTo("identifier=https://example.org/fhir/sid/national-id|7701-123456");
    }

    @Test
    void identifierQuery_readingKeyWithHash_isPercentEncoded() {
        assertThat(SearchUrls.identifierQuery("urn:smartclinic:id/observation", "gw/bpm-1/8867-4/20261123101500#0042"))
                .isEqualTo("identifier=urn:smartclinic:id/observation|gw/bpm-1/8867-4/20261123101500%230042");
    }

    @Test
    void identifierQuery_fhirSpecialCharacters_areBackslashEscapedThenEncoded() {
        // '|' in a value would otherwise split the token; ',' would make it a list; '$' a composite
        assertThat(SearchUrls.identifierQuery("sys", "a|b,c$d\\e"))
                .isEqualTo("identifier=sys|a%5C%7Cb%5C%2Cc%5C%24d%5C%5Ce");
    }

    @Test
    void identifierQuery_spacesAndNonAscii_areUtf8PercentEncoded() {
        assertThat(SearchUrls.identifierQuery("sys", "112 233 & ё=1+2"))
                .isEqualTo("identifier=sys|112%20233%20%26%20%D1%91%3D1%2B2");
    }
}
