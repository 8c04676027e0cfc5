package org.smartclinic.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Reference;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.Waveform;
import org.smartclinic.fhir.MappingException.Reason;
import org.smartclinic.fhir.internal.LabResults;
import org.smartclinic.fhir.internal.NameUuids;
import org.smartclinic.fhir.internal.ObservationCodes;
import org.smartclinic.fhir.internal.ObservationValues;
import org.smartclinic.fhir.internal.VitalSigns;
import org.smartclinic.fhir.internal.VitalSigns.VitalSign;

/**
 * Maps a bound {@link Reading} to FHIR R4 Observations: one per top-level {@link Measurement}, then the grouping
 * Observation of the reading's {@link Reading#panel()} if it has one, then one for its waveform if it has one. A
 * pure function: no I/O, no clock, same input same output; thread-safe.
 *
 * <h2>What each Observation carries</h2>
 * <ul>
 *   <li>{@code identifier}: system {@link MapperSettings#observationSystem()}, value
 *       {@code <gatewayId>/<deviceId>/<LOINC code>/<reading key>} (the waveform's own code instead of LOINC), so the
 *       same reading always gets the same identifier and a conditional create stores it once. From binding version 2
 *       on ({@link ExamBinding#version()}, a reading re-assigned after upload) {@code ~<version>} is appended: the
 *       earlier Observations are marked entered-in-error upstream, and the new ones must not match them.
 *       {@link #identifiers} gives the identifiers alone.</li>
 *   <li>Laboratory results ({@link Measurement#lab()}): status, reference range, interpretation, notes, a cancelled
 *       result's data-absent reason, see {@link LabResults}. A panel's grouping Observation has the panel's codes,
 *       no value, and {@code hasMember} = the {@code urn:uuid:} fullUrl {@link UploadBundleFactory} gives each
 *       member's entry (the name-based UUID of its identifier); its identifier names the panel's LOINC code.</li>
 *   <li>{@code status} final unless a lab result says otherwise; {@code category} vital-signs when the LOINC code
 *       is a vital sign (and {@code meta.profile} its R4 profile when it has one), laboratory otherwise, procedure
 *       for a waveform.</li>
 *   <li>{@code code}: LOINC, then IEEE 11073 MDC, then the instrument's own code.</li>
 *   <li>{@code subject}, {@code encounter}, {@code device}: copies of the references passed in.</li>
 *   <li>{@code effectiveDateTime} = {@link ExamBinding#effectiveTime()} when the gateway decided one, else
 *       {@link Reading#effectiveTime()}: the device's clock when it sent one, else the gateway's receive time;
 *       written in UTC with every fraction digit the {@link java.time.Instant} has. {@code issued} =
 *       {@link Reading#receivedAt()}, the gateway's receive time. So device time and gateway time both reach the EHR
 *       and can be compared (clock drift), and "when measured" is never replaced by "when uploaded". When the
 *       binding says why the time is not the device's own ({@link ExamBinding#timeNote()}), that text is the
 *       Observation's {@code note}.</li>
 *   <li>Numbers as UCUM {@code valueQuantity}, converted to the vital sign's unit (17.1 kPa becomes 128 mm[Hg],
 *       see {@link UcumUnits#normalize}); panels have no value but {@code component}s with their own codes and
 *       values; text as {@code valueString}; coded results as {@code valueCodeableConcept}; a waveform as
 *       {@code valueSampledData}.</li>
 * </ul>
 *
 * <h2>Refusals</h2>
 * A result without LOINC coding, with a unit that is unknown or cannot be converted, a text value for a vital sign,
 * a blood pressure panel without systolic or diastolic, a nested panel, or two results with the same identifier
 * make the whole reading fail with a {@link MappingException} naming device, reading, code and reason. Nothing is
 * dropped or made up; a reading maps completely or not at all.
 */
public final class ObservationMapper {

    /** Code system of {@code Observation.category}. */
    public static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";

    private final MapperSettings settings;
    private final VitalSigns vitalSigns;
    private final ObservationValues values;
    private final LabResults labResults;

    /** A mapper for this gateway's {@code settings}, converting units with {@code units}. */
    public ObservationMapper(MapperSettings settings, UcumUnits units) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.vitalSigns = VitalSigns.standard(Objects.requireNonNull(units, "units"));
        this.values = new ObservationValues(units);
        this.labResults = new LabResults(units);
    }

    /**
     * The Observations of {@code reading}.
     *
     * @param reading   the reading, as journaled
     * @param binding   the explicit rule that bound it to a patient's exam; required so that an unbound reading
     *                  can never be mapped. The identifier names the event, not its patient: only the binding's
     *                  version goes into it; the binding's effective time and time note are written as above
     * @param subject   reference to the Patient
     * @param encounter reference to the exam's Encounter
     * @param device    reference to the Device
     * @throws MappingException if any result of the reading cannot be mapped (see the class comment)
     */
    public List<Observation> map(Reading reading, ExamBinding binding, Reference subject, Reference encounter,
            Reference device) throws MappingException {
        return map(reading, binding, subject, encounter, device, null);
    }

    /**
     * As {@link #map(Reading, ExamBinding, Reference, Reference, Reference)}, every Observation also referring to
     * {@code specimen} (the Specimen of the reading's sample id), when it is not null.
     */
    public List<Observation> map(Reading reading, ExamBinding binding, Reference subject, Reference encounter,
            Reference device, Reference specimen) throws MappingException {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(binding, "binding");
        References refs = new References(Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(encounter, "encounter"), Objects.requireNonNull(device, "device"));
        List<Observation> observations = new ArrayList<>();
        for (Measurement measurement : reading.measurements()) {
            observations.add(measurement(reading, binding, measurement, refs));
        }
        if (!reading.panel().isEmpty()) {
            observations.add(panel(reading, binding, List.copyOf(observations), refs));
        }
        if (reading.waveform() != null) {
            observations.add(waveform(reading, binding, reading.waveform(), refs));
        }
        requireDistinct(reading, observations.stream().map(o -> o.getIdentifierFirstRep().getValue()).toList());
        if (specimen != null) {
            observations.forEach(o -> o.setSpecimen(specimen.copy()));
        }
        return List.copyOf(observations);
    }

    /**
     * The identifiers {@link #map} gives the Observations of {@code reading} under {@code binding}, in the same
     * order, without mapping values or units: so the Observations of an earlier upload can be found (and retracted)
     * even if a unit table changed since.
     *
     * @throws MappingException if a result has no code to name it, or two results would share an identifier
     */
    public List<Identifier> identifiers(Reading reading, ExamBinding binding) throws MappingException {
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(binding, "binding");
        List<String> values = new ArrayList<>();
        for (Measurement measurement : reading.measurements()) {
            try {
                values.add(identifierValue(reading, binding, ObservationCodes.requireLoinc(measurement).code()));
            } catch (MappingException e) {
                throw e.in(context(reading, measurement.deviceCode()));
            }
        }
        if (!reading.panel().isEmpty()) {
            values.add(identifierValue(reading, binding, panelCode(reading).code()));
        }
        if (reading.waveform() != null) {
            values.add(identifierValue(reading, binding, waveformCode(reading, reading.waveform()).code()));
        }
        requireDistinct(reading, values);
        return values.stream().map(value -> new Identifier().setSystem(settings.observationSystem()).setValue(value))
                .toList();
    }

    private Observation measurement(Reading reading, ExamBinding binding, Measurement measurement, References refs)
            throws MappingException {
        try {
            String loinc = ObservationCodes.requireLoinc(measurement).code();
            Optional<VitalSign> sign = vitalSigns.find(loinc);
            Observation observation = skeleton(reading, binding, loinc,
                    sign.isPresent() ? "vital-signs" : "laboratory", refs);
            sign.map(VitalSign::profile).ifPresent(profile -> observation.getMeta().addProfile(profile));
            observation.setCode(ObservationCodes.concept(measurement, sign.orElse(null)));
            if (measurement.value() != null) {
                observation.setValue(values.value(measurement.value(), sign.orElse(null)));
            }
            for (Measurement component : measurement.components()) {
                observation.addComponent(component(component));
            }
            if (sign.isPresent()) {
                requireComponents(sign.get(), measurement);
            }
            if (measurement.lab() != null) {
                labResults.apply(observation, measurement);
            }
            return observation;
        } catch (MappingException e) {
            throw e.in(context(reading, measurement.deviceCode()));
        }
    }

    private ObservationComponentComponent component(Measurement component) throws MappingException {
        try {
            if (!component.components().isEmpty()) {
                throw new MappingException(Reason.UNSUPPORTED_STRUCTURE,
                        "a component with components of its own (FHIR components cannot nest)");
            }
            VitalSign sign = vitalSigns.find(ObservationCodes.requireLoinc(component).code()).orElse(null);
            return new ObservationComponentComponent(ObservationCodes.concept(component, sign))
                    .setValue(values.value(component.value(), sign));
        } catch (MappingException e) {
            throw e.in("component " + ObservationCodes.describe(component.deviceCode()));
        }
    }

    /** The grouping Observation of the reading's panel: no value, its members by their entries' fullUrls. */
    private Observation panel(Reading reading, ExamBinding binding, List<Observation> members, References refs) {
        Observation group = skeleton(reading, binding, panelCode(reading).code(), "laboratory", refs);
        CodeableConcept code = new CodeableConcept();
        reading.panel().forEach(c -> code.addCoding(ObservationCodes.coding(c)));
        group.setCode(code).setStatus(LabResults.groupStatus(members));
        for (Observation member : members) {
            Identifier id = member.getIdentifierFirstRep();
            group.addHasMember(new Reference(NameUuids.urnForIdentifier(id.getSystem(), id.getValue())));
        }
        return group;
    }

    /** The panel's first LOINC code, else its first code (the analyzer's own when LOINC has none). */
    private static Code panelCode(Reading reading) {
        return reading.panel().stream().filter(c -> c.isIn(Code.LOINC)).findFirst()
                .orElse(reading.panel().getFirst());
    }

    private Observation waveform(Reading reading, ExamBinding binding, Waveform waveform, References refs)
            throws MappingException {
        Code code = waveformCode(reading, waveform);
        try {
            Observation observation = skeleton(reading, binding, code.code(), "procedure", refs);
            observation.setCode(new CodeableConcept().addCoding(ObservationCodes.coding(code)));
            return observation.setValue(values.sampledData(waveform));
        } catch (MappingException e) {
            throw e.in(context(reading, code));
        }
    }

    private static Code waveformCode(Reading reading, Waveform waveform) throws MappingException {
        Code code = waveform.code();
        if (!code.isIn(Code.LOINC) && !code.isIn(Code.MDC)) {
            throw new MappingException(Reason.NO_STANDARD_CODE,
                    "a waveform needs a LOINC or IEEE 11073 MDC code for its signal").in(context(reading, code));
        }
        return code;
    }

    private Observation skeleton(Reading reading, ExamBinding binding, String code, String category,
            References refs) {
        Observation observation = new Observation();
        observation.addIdentifier().setSystem(settings.observationSystem())
                .setValue(identifierValue(reading, binding, code));
        observation.setStatus(ObservationStatus.FINAL);
        observation.addCategory().addCoding().setSystem(CATEGORY_SYSTEM).setCode(category);
        observation.setSubject(refs.subject().copy());
        observation.setEncounter(refs.encounter().copy());
        observation.setDevice(refs.device().copy());
        Instant effective = binding.effectiveTime() != null ? binding.effectiveTime() : reading.effectiveTime();
        observation.setEffective(new DateTimeType(effective.toString()));
        observation.setIssuedElement(new InstantType(reading.receivedAt().toString()));
        if (binding.timeNote() != null && !binding.timeNote().isBlank()) {
            observation.addNote().setText(binding.timeNote());
        }
        return observation;
    }

    /** {@code <gatewayId>/<deviceId>/<code>/<key>}, then {@code ~<version>} from binding version 2 on. */
    private String identifierValue(Reading reading, ExamBinding binding, String code) {
        String value = settings.gatewayId() + "/" + reading.deviceId() + "/" + code + "/" + reading.key();
        return binding.version() == 1 ? value : value + "~" + binding.version();
    }

    private static void requireComponents(VitalSign sign, Measurement panel) throws MappingException {
        List<String> missing = new ArrayList<>(sign.requiredComponents());
        panel.components().forEach(c -> c.code(Code.LOINC).ifPresent(loinc -> missing.remove(loinc.code())));
        if (!missing.isEmpty()) {
            throw new MappingException(Reason.INCOMPLETE_PANEL, "panel LOINC " + sign.loinc() + " lacks component(s) " + missing
                    + " required by profile " + sign.profile());
        }
    }

    private static void requireDistinct(Reading reading, List<String> identifierValues) throws MappingException {
        Set<String> seen = new HashSet<>();
        for (String value : identifierValues) {
            if (!seen.add(value)) {
                throw new MappingException(Reason.DUPLICATE_RESULT, "device " + reading.deviceId() + ", reading "
                        + reading.key() + ": two results share the identifier " + value
                        + "; the server would keep only one of them");
            }
        }
    }

    private static String context(Reading reading, Code code) {
        return "device " + reading.deviceId() + ", reading " + reading.key() + ", result "
                + ObservationCodes.describe(code);
    }

    private record References(Reference subject, Reference encounter, Reference device) {
    }
}
