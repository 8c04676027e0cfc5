package org.smartclinic.fhir;

import java.util.Objects;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Maps an {@link ExamReport} to a FHIR R4 {@link DiagnosticReport}:
 * <ul>
 *   <li>{@code identifier}: system {@link MapperSettings#reportSystem()}, value {@code <gatewayId>/<examId>}: one
 *       report per exam, found again by the conditional update that sends a later version;</li>
 *   <li>{@code status} final, or amended when the report replaces one sent before;</li>
 *   <li>{@code category} v2-0074 {@code OTH} "Other": an exam's devices span several diagnostic service sections
 *       (blood pressure, ECG, glucose, spirometry), so naming one of them (LAB, EC, PF, NRS) would be wrong for
 *       the rest;</li>
 *   <li>{@code code}: see below;</li>
 *   <li>{@code subject}, {@code encounter}: the references passed in;</li>
 *   <li>{@code effectivePeriod} the exam's opening to its closing, {@code issued} the report's release time;</li>
 *   <li>{@code result} the Observation references, {@code conclusion} the GP's text when there is one.</li>
 * </ul>
 * A lab panel's grouping Observation is listed with its members, in upload order (members first): R4 lets
 * {@code result} name grouping Observations, a viewer that follows {@code hasMember} shows the panel as one block,
 * and one that reads only {@code result} still sees every value without following links. So the gateway passes
 * every Observation the EHR stored for the exam, without telling panels apart.
 *
 * <h2>Why the code is not LOINC</h2>
 * The report means "the results point-of-care devices measured during one exam". LOINC names what is measured, and
 * by its own rules (Users' Guide 1.2, "What is not part of the name") not where or with what, so it has no term for
 * a point-of-care device summary. Its panels are specific (the vital-signs panel 85353-1 is wrong as soon as an exam
 * has a glucose or spirometry result) and its document-ontology terms are authored notes, not device data. So the
 * code is the gateway's own, {@link #REPORT_TYPE_CODE} in {@link MapperSettings#reportTypeSystem()}, with a display
 * that says what it means. {@code DiagnosticReport.code} is bound to LOINC report codes with strength
 * <i>preferred</i>, which allows that; an EHR that wants a LOINC code can map this one code.
 */
public final class DiagnosticReportMapper {

    /** Code of the exam report in {@link MapperSettings#reportTypeSystem()}. */
    public static final String REPORT_TYPE_CODE = "device-measurements";
    /** Display of {@link #REPORT_TYPE_CODE}. */
    public static final String REPORT_TYPE_DISPLAY = "Results measured by point-of-care devices during an exam";
    /** Code system of {@code DiagnosticReport.category} (HL7 v2 table 0074, diagnostic service section). */
    public static final String SECTION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0074";

    private final MapperSettings settings;

    /** A mapper for this gateway's {@code settings}. */
    public DiagnosticReportMapper(MapperSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The DiagnosticReport of {@code report}, about {@code subject}, in {@code encounter}. */
    public DiagnosticReport map(ExamReport report, Reference subject, Reference encounter) {
        Objects.requireNonNull(report, "report");
        DiagnosticReport fhir = new DiagnosticReport();
        fhir.addIdentifier().setSystem(settings.reportSystem())
                .setValue(settings.gatewayId() + "/" + report.binding().examId());
        fhir.setStatus(report.amended() ? DiagnosticReportStatus.AMENDED : DiagnosticReportStatus.FINAL);
        fhir.addCategory(new CodeableConcept(new Coding(SECTION_SYSTEM, "OTH", "Other")));
        fhir.setCode(new CodeableConcept(new Coding(settings.reportTypeSystem(), REPORT_TYPE_CODE,
                REPORT_TYPE_DISPLAY)));
        fhir.setSubject(Objects.requireNonNull(subject, "subject").copy());
        fhir.setEncounter(Objects.requireNonNull(encounter, "encounter").copy());
        fhir.setEffective(new Period()
                .setStartElement(new DateTimeType(report.binding().openedAt().toString()))
                .setEndElement(new DateTimeType(report.closedAt().toString())));
        fhir.setIssuedElement(new InstantType(report.issued().toString()));
        report.observationReferences().forEach(reference -> fhir.addResult(new Reference(reference)));
        if (report.conclusion() != null) {
            fhir.setConclusion(report.conclusion());
        }
        return fhir;
    }
}
