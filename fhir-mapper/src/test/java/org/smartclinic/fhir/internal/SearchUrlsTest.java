package org.smartclinic.fhir.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.util.UrlUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartclinic.fhir.FhirContexts;

class SearchUrlsTest {

    @Test
    void identifierQuery_plainToken_encodesSystemPunctuationKeepsSeparator() {
        assertThat(SearchUrls.identifierQuery("https://example.org/fhir/sid/national-id", "7701-123456"))
                .isEqualTo("identifier=https%3A%2F%2Fexample.org%2Ffhir%2Fsid%2Fnational-id|7701-123456");
    }

    @Test
    void identifierQuery_readingKeyWithHash_isPercentEncoded() {
        assertThat(SearchUrls.identifierQuery("urn:smartclinic:id/observation", "gw/bpm-1/8867-4/20261123101500#0042"))
                .isEqualTo("identifier=urn%3Asmartclinic%3Aid%2Fobservation|gw%2Fbpm-1%2F8867-4%2F20261123101500%230042");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "a b;      a%20b",
            "a,b;      a%5C%2Cb",
            "a|b;      a%5C%7Cb",
            "a$b;      a%5C%24b",
            "a\\b;     a%5C%5Cb",
            "a#b;      a%23b",
            "a&b;      a%26b",
            "a+b;      a%2Bb",
            "a=b;      a%3Db",
            "Иванов;   %D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2",
            "ё~1;      %D1%91%7E1",
            "A-z_0.9*; A-z_0.9*"})
    void encode_specialCharacters_fhirEscapedThenPercentEncoded(String value, String expected) {
        assertThat(SearchUrls.encode(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "sys|tem; a b,c|d$e\\f#g&h+i",
            "urn:smartclinic:id/observation; gw-demo-01/bpm-1/8867-4/20261123101500#0042~2",
            "https://example.org/fhir/sid/national-id; Иванов Пётр"})
    void token_readBackAsHapiServersDo_givesOneTokenWithTheSameSystemAndValue(String system, String value) {
        String query = SearchUrls.identifierQuery(system, value);

        Map<String, String[]> parameters = UrlUtil.parseQueryString(query);
        assertThat(parameters.get("identifier")).hasSize(1);
        QualifiedParamList orList = QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null,
                parameters.get("identifier")[0]);
        assertThat(orList).as("a comma inside a value must not become an OR").hasSize(1);
        TokenParam token = new TokenParam();
        token.setValueAsQueryToken(context(), "identifier", null, orList.get(0));
        assertThat(token.getSystem()).isEqualTo(system);
        assertThat(token.getValue()).isEqualTo(value);
    }

    @Test
    void identifierQuery_noSpaceAndNoHashLeft_soTheUrlIsValidForAStrictServer() {
        assertThat(SearchUrls.identifierQuery("a b#c", "d e#f")).doesNotContain(" ", "#");
    }

    private static FhirContext context() {
        return FhirContexts.r4();
    }
}
