package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One field of a record as the raw layer sees it: repeats, each a list of components, every component already
 * unescaped (the text the sender meant, with delimiters restored). ASTM has no sub-components.
 * <pre>
 *   ^^^GLU^Glucose\^^^NA      two repeats: ["", "", "", "GLU", "Glucose"] and ["", "", "", "NA"]
 * </pre>
 * Every field has at least one repeat and every repeat at least one component, so an empty field is exactly
 * {@link #EMPTY} ({@code [[""]]}) and a field's text form is unambiguous: parsing what the writer writes gives an
 * equal field. Component numbers are 1-based as in the standard ("component 4 of R.3"); repeat indexes are
 * 0-based list positions.
 *
 * @param repeats the repeats in order; copied, never empty, no repeat empty
 */
public record AstmField(List<List<String>> repeats) {

    /** The empty field: one repeat of one empty component. */
    public static final AstmField EMPTY = new AstmField(List.of(List.of("")));

    public AstmField {
        Objects.requireNonNull(repeats, "repeats");
        if (repeats.isEmpty()) {
            throw new IllegalArgumentException("a field has at least one repeat");
        }
        // List.copyOf returns an immutable list as is, so the parser's lists are not copied again.
        List<List<String>> outer = List.copyOf(repeats);
        boolean immutable = true;
        for (List<String> repeat : outer) {
            if (repeat.isEmpty()) {
                throw new IllegalArgumentException("a repeat has at least one component");
            }
            immutable &= List.copyOf(repeat) == repeat;
        }
        if (!immutable) {
            List<List<String>> copy = new ArrayList<>(outer.size());
            for (List<String> repeat : outer) {
                copy.add(List.copyOf(repeat));
            }
            outer = List.copyOf(copy);
        }
        repeats = outer;
    }

    /** A field of one value (one repeat, one component). */
    public static AstmField of(String value) {
        return new AstmField(List.of(List.of(value)));
    }

    /** A field of one repeat with these components (component 1 first). */
    public static AstmField ofComponents(String... components) {
        return new AstmField(List.of(Arrays.asList(components)));
    }

    /** The first component of the first repeat: the whole value of a simple field. */
    public String value() {
        return repeats.get(0).get(0);
    }

    /** Component {@code number} (1-based) of the first repeat; {@code ""} when absent. */
    public String component(int number) {
        return component(0, number);
    }

    /** Component {@code number} (1-based) of repeat {@code repeat} (0-based); {@code ""} when absent. */
    public String component(int repeat, int number) {
        if (repeat < 0 || repeat >= repeats.size() || number < 1) {
            return "";
        }
        List<String> components = repeats.get(repeat);
        return number <= components.size() ? components.get(number - 1) : "";
    }

    /** Component {@code number} (1-based) of every repeat, in order, including empty ones. */
    public List<String> componentOfEachRepeat(int number) {
        List<String> out = new ArrayList<>(repeats.size());
        for (int r = 0; r < repeats.size(); r++) {
            out.add(component(r, number));
        }
        return List.copyOf(out);
    }

    /** True when every component of every repeat is empty. */
    public boolean isEmpty() {
        for (List<String> repeat : repeats) {
            for (String component : repeat) {
                if (!component.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }
}
