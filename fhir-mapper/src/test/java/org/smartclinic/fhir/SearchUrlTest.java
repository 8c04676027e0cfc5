package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;

import ca.uhn.fhir.rest.api.QualifiedParamList;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.util.UrlUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchUrlTest {

    private static final LocalDate BORN = LocalDate.of(1961, 4, 12);

    @Test
    void patientByIdentifier_nationalId_isTokenSearchWithLiteralSeparator() {
        assertThat(SearchUrl.patientByIdentifier("https://example.org/fhir/sid/national-id", "7701-123456"))
                .isEqualTo("Patient?identifier=https%3A%2F%2Fexample.org%2Ffhir%2Fsid%2Fnational-id|7701-123456");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
            "112 233;   112%20233",
            "A,B;       A%5C%2CB",
            "A|B;       A%5C%7CB",
            "A$B;       A%5C%24B",
            "A\\B;      A%5C%5CB",
            "A#B;       A%23B",
            "A&B;       A%26B",
            "A+B;       A%2BB",
            "АБ-12;     %D0%90%D0%91-12"})
    void patientByIdentifier_specialValue_isEscapedExactly(String value, String encoded) {
        assertThat(SearchUrl.patientByIdentifier("urn:oid:1.2.3", value))
                .isEqualTo("Patient?identifier=urn%3Aoid%3A1.2.3|" + encoded);
    }

    @Test
    void patientByName_allCriteria_familyGivenBirthdateInThatOrder() {
        assertThat(SearchUrl.patientByName("Gagarin", "Yuri", BORN))
                .isEqualTo("Patient?family=Gagarin&given=Yuri&birthdate=1961-04-12");
    }

    @Test
    void patientByName_cyrillicAndSpaces_utf8PercentEncoded() {
        assertThat(SearchUrl.patientByName("Гагарин", "Юрий Алексеевич", null)).isEqualTo(
                "Patient?family=%D0%93%D0%B0%D0%B3%D0%B0%D1%80%D0%B8%D0%BD"
                        + "&given=%D0%AE%D1%80%D0%B8%D0%B9%20%D0%90%D0%BB%D0%B5%D0%BA%D1%81%D0%B5%D0%B5%D0%B2%D0%B8%D1%87");
    }

    @Test
    void patientByName_commaInName_isEscapedSoItIsNotAnOrOfTwoNames() {
        String url = SearchUrl.patientByName("Smith, Jr", null, null);

        assertThat(url).isEqualTo("Patient?family=Smith%5C%2C%20Jr");
        String raw = UrlUtil.parseQueryString(url.substring(url.indexOf('?') + 1)).get("family")[0];
        QualifiedParamList orList = QualifiedParamList.splitQueryStringByCommasIgnoreEscape(null, raw);
        assertThat(orList).hasSize(1);
        StringParam family = new StringParam();
        family.setValueAsQueryToken(FhirContexts.r4(), "family", null, orList.get(0));
        assertThat(family.getValue()).isEqualTo("Smith, Jr");
        assertThat(family.isExact()).as("default string matching").isFalse();
    }

    @Test
    void patientByName_specialCharacters_escapedExactly() {
        assertThat(SearchUrl.patientByName("a|b$c\\d", "e#f&g+h", null))
                .isEqualTo("Patient?family=a%5C%7Cb%5C%24c%5C%5Cd&given=e%23f%26g%2Bh");
    }

    @Test
    void patientByName_onlySomeCriteria_leavesOutNullAndBlank() {
        assertThat(SearchUrl.patientByName(null, "Yuri", BORN)).isEqualTo("Patient?given=Yuri&birthdate=1961-04-12");
        assertThat(SearchUrl.patientByName("Gagarin", " ", null)).isEqualTo("Patient?family=Gagarin");
        assertThat(SearchUrl.patientByName(null, null, BORN)).isEqualTo("Patient?birthdate=1961-04-12");
    }

    @Test
    void patientByName_noCriterion_isRefused() {
        assertThatThrownBy(() -> SearchUrl.patientByName(null, "", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs");
    }

    @Test
    void byIdentifier_observationWithReadingKey_isEscaped() {
        assertThat(SearchUrl.byIdentifier("Observation", "urn:smartclinic:id/observation",
                "gw-demo-01/bpm-1/8867-4/20261123101500#0042~2")).isEqualTo("Observation?identifier="
                        + "urn%3Asmartclinic%3Aid%2Fobservation|gw-demo-01%2Fbpm-1%2F8867-4%2F20261123101500%230042%7E2");
    }

    @Test
    void byIdentifier_readBack_givesSystemAndValue() {
        String url = SearchUrl.byIdentifier("Encounter", "urn:smartclinic:id/exam", "gw 1/exam,7|$\\");

        Map<String, String[]> parameters = UrlUtil.parseQueryString(url.substring(url.indexOf('?') + 1));
        assertThat(parameters.get("identifier")[0]).isEqualTo("urn:smartclinic:id/exam|gw 1/exam\\,7\\|\\$\\\\");
    }

    @Test
    void byIdentifier_unknownOrMisspelledType_isRefused() {
        assertThatThrownBy(() -> SearchUrl.byIdentifier("patient", "s", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'patient'");
        assertThatThrownBy(() -> SearchUrl.byIdentifier("Patient?x=1&y", "s", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byIdentifier_blankSystemOrValue_isRefused() {
        assertThatThrownBy(() -> SearchUrl.byIdentifier("Patient", "", "v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("system");
        assertThatThrownBy(() -> SearchUrl.byIdentifier("Patient", "s", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value");
    }
}
