package org.smartclinic.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.smartclinic.gateway.it.Ehr;

/**
 * The Observations the EHR holds for one exam, counted by identifier value ({@code <gatewayId>/<deviceId>/<code>/
 * <reading key>}, see the fhir-mapper's ObservationMapper), and the readings they came from
 * ({@code <deviceId>/<reading key>}).
 *
 * @param counts how many Observations carry each identifier value
 */
record EhrLedger(Map<String, Long> counts) {

    static final EhrLedger EMPTY = new EhrLedger(Map.of());
    private static final String OBSERVATION_SYSTEM = "urn:smartclinic:id/observation";

    /** Every Observation of the exam's Encounter (all pages), or empty while the Encounter is not there. */
    static EhrLedger ofExam(Ehr ehr, String examId) {
        Encounter encounter = ehr.encounterOfExam("demo-clinic", examId).orElse(null);
        if (encounter == null) {
            return EMPTY;
        }
        List<Observation> all = ehr.observationsOfEncounter("Encounter/" + encounter.getIdElement().getIdPart());
        return new EhrLedger(all.stream().map(EhrLedger::identifier)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting())));
    }

    /** {@code <deviceId>/<reading key>} of every Observation. */
    Set<String> readings() {
        return counts.keySet().stream().map(EhrLedger::reading).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Identifier values held more than once. */
    Map<String, Long> duplicates() {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** Exactly the acknowledged readings, each Observation once, each reading with its blood pressure panel. */
    void assertExactly(Set<String> acked) {
        assertThat(acked).as("readings acknowledged to the devices").isNotEmpty();
        assertThat(duplicates()).as("Observations on the EHR twice or more").isEmpty();
        assertThat(readings()).as("readings on the EHR vs readings acknowledged to the devices")
                .containsExactlyInAnyOrderElementsOf(acked);
        Set<String> panels = counts.keySet().stream().filter(v -> v.contains("/85354-9/")).map(EhrLedger::reading)
                .collect(Collectors.toSet());
        assertThat(panels).as("readings with their blood pressure panel").containsExactlyInAnyOrderElementsOf(acked);
    }

    private static String identifier(Observation o) {
        return o.getIdentifier().stream().filter(i -> OBSERVATION_SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue).findFirst().orElse("(no gateway identifier: " + o.getId() + ")");
    }

    /** {@code gw/dev/code/key} -> {@code dev/key}. */
    private static String reading(String identifierValue) {
        String[] parts = identifierValue.split("/", 4);
        return parts.length == 4 ? parts[1] + "/" + parts[3] : identifierValue;
    }
}
