package org.smartclinic.simulator.fhir.internal;

import org.smartclinic.simulator.fhir.internal.SearchParameters.Definition;
import org.smartclinic.simulator.fhir.internal.SearchParameters.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the value of one search parameter (already URL-decoded) into its OR-alternatives, applying FHIR's escapes
 * (search.html#escaping): an unescaped {@code ,} separates alternatives, an unescaped {@code |} separates a token's
 * system from its code, and {@code \,} {@code \|} {@code \$} {@code \\} stand for the character itself. What the
 * sandbox does not support (other modifiers, date prefixes other than {@code eq}, dates with a time) is refused with
 * 400, never ignored.
 */
final class SearchValues {

    private static final Pattern DATE_PREFIX = Pattern.compile("(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)");
    private static final Pattern TYPE_MODIFIER = Pattern.compile("[A-Z][A-Za-z]+");

    private SearchValues() {
    }

    static List<Criterion> criteria(Definition definition, String modifier, String raw, String localBase,
                                    UnaryOperator<String> placeholders) {
        checkModifier(definition, modifier);
        List<Criterion> criteria = new ArrayList<>();
        for (String value : splitUnescaped(raw, ',')) {
            if (value.isEmpty()) {
                throw OperationOutcomes.badRequest("Search parameter \"" + definition.name() + "\" has an empty value");
            }
            criteria.add(switch (definition.kind()) {
                case ID -> new Criterion.Token(null, true, unescape(value));
                case TOKEN -> token(value);
                case REFERENCE -> reference(modifier, placeholders.apply(unescape(value)), localBase);
                case STRING -> Criterion.Text.of(unescape(value), "exact".equals(modifier));
                case DATE -> date(definition.name(), unescape(value));
            });
        }
        return criteria;
    }

    private static void checkModifier(Definition definition, String modifier) {
        boolean supported = modifier == null
                || definition.kind() == Kind.REFERENCE && TYPE_MODIFIER.matcher(modifier).matches()
                || definition.kind() == Kind.STRING && modifier.equals("exact");
        if (!supported) {
            throw OperationOutcomes.badRequest("Modifier \":" + modifier + "\" on search parameter \""
                    + definition.name() + "\" is not supported by the sandbox"
                    + (definition.kind() == Kind.STRING ? " (only :exact is)" : ""));
        }
    }

    private static Criterion token(String value) {
        List<String> parts = splitUnescaped(value, '|');
        if (parts.size() == 1) {
            return new Criterion.Token(null, true, unescape(value));
        }
        String system = parts.get(0).isEmpty() ? null : unescape(parts.get(0));
        String code = String.join("|", parts.subList(1, parts.size()));
        return new Criterion.Token(system, false, code.isEmpty() ? null : unescape(code));
    }

    private static Criterion reference(String typeModifier, String value, String localBase) {
        IndexedValue target = References.toIndexedValue(value, localBase).orElseThrow();
        if (target.system() == null && !References.isExternal(value, localBase)) {
            return new Criterion.Token(typeModifier, typeModifier == null, value);
        }
        if (typeModifier != null && !typeModifier.equals(target.system())) {
            throw OperationOutcomes.badRequest("Reference \"" + value + "\" does not match modifier :" + typeModifier);
        }
        return new Criterion.Token(target.system(), false, target.value());
    }

    /** {@code [eq]yyyy[-mm[-dd]]}: the days a resource's date must lie within. */
    private static Criterion date(String name, String value) {
        Matcher prefixed = DATE_PREFIX.matcher(value);
        prefixed.matches();
        String prefix = prefixed.group(1);
        String date = prefixed.group(2);
        if (prefix != null && !prefix.equals("eq")) {
            throw OperationOutcomes.badRequest("Prefix \"" + prefix + "\" on search parameter \"" + name
                    + "\" is not supported by the sandbox; it searches dates by equality (no prefix or eq)");
        }
        if (date.contains("T")) {
            throw OperationOutcomes.badRequest("Search parameter \"" + name + "\" has a time (\"" + value
                    + "\"), which is not supported by the sandbox: it searches dates at year, month or day precision"
                    + " (yyyy, yyyy-mm, yyyy-mm-dd)");
        }
        Optional<IndexedDate> range = IndexedDate.of(date);
        return new Criterion.DateRange(range.orElseThrow(() -> OperationOutcomes.badRequest("Invalid date \""
                + value + "\" for search parameter \"" + name + "\": expected yyyy, yyyy-mm or yyyy-mm-dd")));
    }

    /** Splits on {@code separator} not preceded by a backslash; escapes stay in place for {@link #unescape}. */
    static List<String> splitUnescaped(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
            } else if (c == separator) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    static String unescape(String text) {
        return text.replaceAll("\\\\([\\\\,|$])", "$1");
    }
}
