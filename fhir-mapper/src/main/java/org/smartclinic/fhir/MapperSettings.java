package org.smartclinic.fhir;

import java.util.Objects;

/**
 * Settings of the mapping that differ between gateways.
 *
 * @param gatewayId        this gateway's id, unique in the clinic network; prefixes the identifiers the gateway
 *                         mints (observation, encounter, device, report) so two clinics never collide
 * @param identifierSystem base URI of those identifiers' systems; {@code /observation}, {@code /exam},
 *                         {@code /device}, {@code /report}, {@code /gateway}, {@code /specimen} are appended, and
 *                         {@code /report-type} and {@code /binding-action} for the gateway's own code systems
 */
public record MapperSettings(String gatewayId, String identifierSystem) {

    /** Default base of the identifier systems the gateway mints. */
    public static final String DEFAULT_IDENTIFIER_SYSTEM = "urn:smartclinic:id";

    public MapperSettings {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(identifierSystem, "identifierSystem");
    }

    public String observationSystem() {
        return identifierSystem + "/observation";
    }

    public String examSystem() {
        return identifierSystem + "/exam";
    }

    /**
     * System of the Specimens' identifier and accession identifier, value {@code <gatewayId>/<sampleId>}: the
     * sample ids the gateway issues ({@code POST /api/exams/{id}/samples}) and analyzers send back. Default
     * {@code urn:smartclinic:id/specimen}.
     */
    public String specimenSystem() {
        return identifierSystem + "/specimen";
    }

    public String deviceSystem() {
        return identifierSystem + "/device";
    }

    /** System of the exam reports' (DiagnosticReport) identifiers, {@code <gatewayId>/<examId>}. */
    public String reportSystem() {
        return identifierSystem + "/report";
    }

    /** System of the gateways' own identifiers (value: the gateway id), naming the source of audit events. */
    public String gatewaySystem() {
        return identifierSystem + "/gateway";
    }

    /** Code system of the binding changes people make: assign, reassign, reject, confirm ({@link BindingAudit}). */
    public String bindingActionSystem() {
        return identifierSystem + "/binding-action";
    }

    /** Code system of the exam report's type, for which LOINC has no code (see {@link DiagnosticReportMapper}). */
    public String reportTypeSystem() {
        return identifierSystem + "/report-type";
    }
}
