package org.smartclinic.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Specimen;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.lab.LabTest;
import org.smartclinic.fhir.FhirContexts;

/**
 * Checks the Observations a lab analyzer's results became on the EHR against what the analyzer twin sent: for every
 * R record, the Observation carrying the analyzer's code has the LOINC code of the driver's code table, the exact
 * value in the table's UCUM unit (or the SNOMED CT ordinal, or the text), the interpretation of the flag, the
 * reference range with the analyzer's numbers, and a Specimen whose identifier is the sample id.
 */
final class LabResultCheck {

    /** One result as the analyzer sent it, fields unescaped. */
    record Sent(String code, String value, String unit, String range, String flag) {
    }

    private final IGenericClient client;

    LabResultCheck(String baseUrl) {
        FhirContexts.r4().getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = FhirContexts.r4().newRestfulGenericClient(baseUrl);
    }

    /** The R records of {@code records} (as sent, without CR), test code taken from component {@code component}. */
    static List<Sent> results(List<String> records, int component) {
        List<Sent> out = new ArrayList<>();
        for (String record : records) {
            if (!record.startsWith("R|")) {
                continue;
            }
            String[] f = record.split("\\|", -1);
            String[] testId = f[2].split("\\^", -1);
            out.add(new Sent(unescape(testId[component - 1]), unescape(f[3]).strip(), unescape(f[4]), unescape(f[5]),
                    f.length > 6 ? unescape(f[6]) : ""));
        }
        return out;
    }

    private static String unescape(String field) {
        return field.replace("&S&", "^").replace("&F&", "|").replace("&R&", "~").replace("&E&", "&");
    }

    /** The Observations of {@code device} (by identifier {@code <gateway>/<device>/...}) among {@code all}. */
    static List<Observation> ofDevice(List<Observation> all, String device) {
        return all.stream().filter(o -> o.getIdentifierFirstRep().getValue().contains("/" + device + "/")).toList();
    }

    /** The Observation whose code carries analyzer code {@code code} of driver {@code driverId}. */
    static Optional<Observation> byAnalyzerCode(List<Observation> observations, String driverId, String code) {
        return observations.stream().filter(o -> o.getCode().getCoding().stream().anyMatch(
                c -> c.getSystem().equals(Code.DEVICE_CODE_PREFIX + driverId) && c.getCode().equals(code)))
                .filter(o -> !o.hasHasMember()).findFirst();
    }

    /** Asserts every sent result of {@code sampleId} against its Observation; returns how many were checked. */
    int check(List<Observation> observations, String driverId, LabCodeTable table, List<Sent> sent, String sampleId) {
        for (Sent s : sent) {
            Observation o = byAnalyzerCode(observations, driverId, s.code()).orElseThrow(
                    () -> new AssertionError("no Observation for " + driverId + " result " + s.code()));
            String what = driverId + " " + s.code();
            LabTest test = table.test(s.code()).orElseThrow(() -> new AssertionError(what + " not in the table"));
            assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).as(what).isEqualTo("laboratory");
            if (test.loinc() != null) {
                assertThat(o.getCode().getCoding()).as(what).extracting(Coding::getSystem, Coding::getCode)
                        .contains(org.assertj.core.groups.Tuple.tuple(Code.LOINC, test.loinc().code()));
            }
            value(o, test, table, s, what);
            if (!s.flag().isEmpty() && table.interpretation(s.flag()).isPresent()) {
                assertThat(o.getInterpretationFirstRep().getCodingFirstRep().getCode()).as(what + " interpretation")
                        .isEqualTo(table.interpretation(s.flag()).get().code());
            }
            range(o, s, what);
            Specimen specimen = client.read().resource(Specimen.class)
                    .withUrl(o.getSpecimen().getReferenceElement().toUnqualifiedVersionless().getValue()).execute();
            assertThat(specimen.getIdentifierFirstRep().getValue()).as(what + " specimen").endsWith("/" + sampleId);
        }
        return sent.size();
    }

    private static void value(Observation o, LabTest test, LabCodeTable table, Sent s, String what) {
        switch (test.kind()) {
            case QUANTITY -> {
                assertThat(o.getValueQuantity().getValue()).as(what).isEqualByComparingTo(new BigDecimal(s.value()));
                assertThat(o.getValueQuantity().getValue().scale()).as(what + " precision")
                        .isEqualTo(new BigDecimal(s.value()).scale());
                assertThat(o.getValueQuantity().getSystem()).as(what).isEqualTo("http://unitsofmeasure.org");
                assertThat(o.getValueQuantity().getCode()).as(what + " UCUM")
                        .isEqualTo(test.ucumUnit().isEmpty() ? "1" : test.ucumUnit());
            }
            case ORDINAL -> assertThat(o.getValueCodeableConcept().getCoding()).as(what).extracting(Coding::getCode)
                    .contains(table.ordinal(s.value()).orElseThrow().code());
            case TEXT -> assertThat(o.getValueStringType().getValue()).as(what).isEqualTo(s.value());
        }
    }

    /** {@code low-high}: both limits and the text; {@code <x} / {@code >x}: one limit. */
    private static void range(Observation o, Sent s, String what) {
        String r = s.range().strip();
        if (r.isEmpty()) {
            return;
        }
        Observation.ObservationReferenceRangeComponent range = o.getReferenceRangeFirstRep();
        assertThat(range.getText()).as(what + " range text").isEqualTo(r);
        int dash = r.indexOf('-', 1);
        if (dash > 0) {
            assertThat(range.getLow().getValue()).as(what + " range low")
                    .isEqualByComparingTo(new BigDecimal(r.substring(0, dash).strip()));
            assertThat(range.getHigh().getValue()).as(what + " range high")
                    .isEqualByComparingTo(new BigDecimal(r.substring(dash + 1).strip()));
        } else if (r.startsWith("<")) {
            assertThat(range.getHigh().getValue()).as(what + " range high")
                    .isEqualByComparingTo(new BigDecimal(r.substring(1).strip()));
        }
    }
}
