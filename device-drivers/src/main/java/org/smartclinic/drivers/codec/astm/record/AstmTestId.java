package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A universal test id (O.5, R.3, Q.5): one repeat of the field, its components in the standard's layout
 * <pre>
 *   universal id ^ name ^ type ^ manufacturer's local code ^ ...      e.g. ^^^HBA1C^HbA1c
 * </pre>
 * Instruments leave the first three empty and put their own code in component 4, often a name or a dilution
 * after it; some use other positions, which {@link #component(int)} reads.
 *
 * @param components component 1 first; copied, never empty
 */
public record AstmTestId(List<String> components) {

    /** Component holding the manufacturer's local code in the standard's layout. */
    public static final int LOCAL_CODE = 4;

    public AstmTestId {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a test id has at least one component");
        }
    }

    /** {@code ^^^code}: a local code in component 4. */
    public static AstmTestId ofLocalCode(String code) {
        return new AstmTestId(List.of("", "", "", code));
    }

    /** A test id with these components, component 1 first. */
    public static AstmTestId of(String... components) {
        return new AstmTestId(Arrays.asList(components));
    }

    /** A field with one repeat per test id, as O.5 and Q.5 carry them; {@link AstmField#EMPTY} for none. */
    public static AstmField toField(List<AstmTestId> ids) {
        return ids.isEmpty() ? AstmField.EMPTY : new AstmField(ids.stream().map(AstmTestId::components).toList());
    }

    /** The test ids of a field, one per repeat, skipping repeats whose components are all empty. */
    public static List<AstmTestId> fromField(AstmField field) {
        List<AstmTestId> ids = new ArrayList<>(field.repeats().size());
        for (List<String> repeat : field.repeats()) {
            if (!String.join("", repeat).isEmpty()) {
                ids.add(new AstmTestId(repeat));
            }
        }
        return List.copyOf(ids);
    }

    /** Component {@code number} (1-based); {@code ""} when absent. */
    public String component(int number) {
        return number >= 1 && number <= components.size() ? components.get(number - 1) : "";
    }

    /** Component 1: the universal test id (e.g. a LOINC code), usually empty. */
    public String universalId() {
        return component(1);
    }

    /** Component 2: the universal test id name. */
    public String name() {
        return component(2);
    }

    /** Component 3: the universal test id type. */
    public String type() {
        return component(3);
    }

    /** Component 4: the manufacturer's local code, where most instruments put their test code. */
    public String localCode() {
        return component(LOCAL_CODE);
    }
}
