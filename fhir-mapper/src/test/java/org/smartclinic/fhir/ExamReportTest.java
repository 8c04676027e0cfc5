package org.smartclinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The exam's summary: the {@link ExamReport} record, its DiagnosticReport and the transaction that sends it. */
class ExamReportTest {

    private static final Instant CLOSED_AT = Instant.parse("2026-11-23T09:41:30Z");
    private static final Instant ISSUED = Instant.parse("2026-11-23T09:41:31.250Z");
    private static final List<String> RESULTS = List.of("Observation/101", "Observation/102");
    private static final String CONCLUSION = "BP 128/82 mmHg, pulse 71/min: within normal limits.";

    private final UploadBundleFactory factory = new UploadBundleFactory(TestReadings.SETTINGS, UcumUnits.standard());
    private final DiagnosticReportMapper mapper = new DiagnosticReportMapper(TestReadings.SETTINGS);

    private static ExamReport report(ExamBinding binding, List<String> results, String conclusion, boolean amended) {
        return new ExamReport(binding, CLOSED_AT, ISSUED, results, conclusion, amended);
    }

    private static ExamReport closedExam() {
        return report(TestReadings.BINDING, RESULTS, CONCLUSION, false);
    }

    @Test
    void examReport_closedExam_patientEncounterCreatesThenConditionalUpdateOfTheReport() {
        Bundle bundle = factory.examReport(closedExam());

        assertThat(bundle.getType()).isEqualTo(BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("Patient", "Encounter", "DiagnosticReport");
        assertThat(bundle.getEntry()).extracting(e -> e.getRequest().getMethod())
                .containsExactly(HTTPVerb.POST, HTTPVerb.POST, HTTPVerb.PUT);
        assertThat(bundle.getEntry().get(1).getRequest().getIfNoneExist())
                .isEqualTo("identifier=urn%3Asmartclinic%3Aid%2Fexam|gw-demo-01%2Fexam-0007");
        assertThat(bundle.getEntry().get(2).getRequest().getUrl())
                .isEqualTo("DiagnosticReport?identifier=urn%3Asmartclinic%3Aid%2Freport|gw-demo-01%2Fexam-0007");
        Encounter encounter = (Encounter) bundle.getEntry().get(1).getResource();
        assertThat(encounter.getStatus()).isEqualTo(EncounterStatus.FINISHED);
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-23T09:41:30Z");
    }

    @Test
    void examReport_entries_shareFullUrlsWithTheReadingBundles() throws MappingException {
        List<BundleEntryComponent> reading = factory.transaction(TestReadings.bpm200(), TestReadings.BINDING,
                TestReadings.DEVICE).getEntry();
        List<BundleEntryComponent> report = factory.examReport(closedExam()).getEntry();

        assertThat(report.get(0).getFullUrl()).isEqualTo(reading.get(0).getFullUrl());
        assertThat(report.get(1).getFullUrl()).isEqualTo(reading.get(1).getFullUrl());
        DiagnosticReport fhir = (DiagnosticReport) report.get(2).getResource();
        assertThat(fhir.getSubject().getReference()).isEqualTo(reading.get(0).getFullUrl());
        assertThat(fhir.getEncounter().getReference()).isEqualTo(reading.get(1).getFullUrl());
    }

    @Test
    void map_closedExam_identifierStatusCategoryCodePeriodResultsConclusion() {
        DiagnosticReport fhir = mapper.map(closedExam(), new Reference("Patient/123"), new Reference("Encounter/9"));

        assertThat(fhir.getIdentifierFirstRep().getSystem()).isEqualTo("urn:smartclinic:id/report");
        assertThat(fhir.getIdentifierFirstRep().getValue()).isEqualTo("gw-demo-01/exam-0007");
        assertThat(fhir.getStatus()).isEqualTo(DiagnosticReportStatus.FINAL);
        assertThat(fhir.getCategoryFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0074");
        assertThat(fhir.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("OTH");
        assertThat(fhir.getCode().getCodingFirstRep().getSystem()).isEqualTo("urn:smartclinic:id/report-type");
        assertThat(fhir.getCode().getCodingFirstRep().getCode()).isEqualTo("device-measurements");
        assertThat(fhir.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-23T09:05:00Z");
        assertThat(fhir.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-23T09:41:30Z");
        assertThat(fhir.getIssuedElement().getValueAsString()).isEqualTo("2026-11-23T09:41:31.250Z");
        assertThat(fhir.getResult()).extracting(Reference::getReference).containsExactlyElementsOf(RESULTS);
        assertThat(fhir.getConclusion()).isEqualTo(CONCLUSION);
        assertThat(fhir.getSubject().getReference()).isEqualTo("Patient/123");
        assertThat(fhir.getEncounter().getReference()).isEqualTo("Encounter/9");
    }

    @Test
    void map_amendedWithoutConclusion_statusAmendedNoConclusion() {
        DiagnosticReport fhir = mapper.map(report(TestReadings.BINDING, List.of("Observation/101",
                "Observation/102", "Observation/140"), null, true), new Reference("Patient/1"),
                new Reference("Encounter/1"));

        assertThat(fhir.getStatus()).isEqualTo(DiagnosticReportStatus.AMENDED);
        assertThat(fhir.hasConclusion()).isFalse();
        assertThat(fhir.getResult()).hasSize(3);
    }

    @Test
    void examReport_patientKnownByReference_noPatientEntryAndSubjectIsTheReference() {
        Bundle bundle = factory.examReport(report(TestReadings.BINDING_BY_REFERENCE, RESULTS, null, true));

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType())
                .containsExactly("Encounter", "DiagnosticReport");
        assertThat(((DiagnosticReport) bundle.getEntry().get(1).getResource()).getSubject().getReference())
                .isEqualTo("Patient/123");
        assertThat(((Encounter) bundle.getEntry().get(0).getResource()).getSubject().getReference())
                .isEqualTo("Patient/123");
        FhirValidation.assertNoErrors(bundle);
    }

    @Test
    void examReport_closedAmendedAndEmptyExams_validateWithoutErrors() {
        FhirValidation.assertNoErrors(factory.examReport(closedExam()));
        FhirValidation.assertNoErrors(factory.examReport(report(TestReadings.BINDING, RESULTS, "x".repeat(4000),
                true)));
        FhirValidation.assertNoErrors(factory.examReport(report(TestReadings.BINDING, List.of(), null, false)));
    }

    @Test
    void examReport_closedExam_matchesGoldenJson() throws IOException {
        GoldenFiles.assertMatchesGolden("bundle-exam-report", factory.examReport(closedExam()));
    }

    @Test
    void examReport_sameReportTwice_isByteIdentical() {
        assertThat(GoldenFiles.json(factory.examReport(closedExam())))
                .isEqualTo(GoldenFiles.json(new UploadBundleFactory(TestReadings.SETTINGS, UcumUnits.standard())
                        .examReport(closedExam())));
    }

    @Test
    void record_conclusionOverLimit_isRefusedAndBlankIsNone() {
        assertThatThrownBy(() -> report(TestReadings.BINDING, RESULTS, "x".repeat(4001), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4001");
        assertThat(report(TestReadings.BINDING, RESULTS, "  ", false).conclusion()).isNull();
    }

    @Test
    void record_resultNotAnObservationIdOrTwice_isRefused() {
        for (String bad : List.of("Patient/1", "Observation/", "urn:uuid:1", "Observation/1/_history/2",
                "Observation/a b")) {
            assertThatThrownBy(() -> report(TestReadings.BINDING, List.of(bad), null, false))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        assertThatThrownBy(() -> report(TestReadings.BINDING, List.of("Observation/1", "Observation/1"), null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void record_closedBeforeOpened_isRefused() {
        assertThatThrownBy(() -> new ExamReport(TestReadings.BINDING, TestReadings.OPENED_AT.minusSeconds(1), ISSUED,
                RESULTS, null, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exam-0007");
    }
}
