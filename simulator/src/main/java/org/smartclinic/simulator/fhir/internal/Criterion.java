package org.smartclinic.simulator.fhir.internal;

import java.util.Objects;

/** One OR-alternative of a search clause, compared with the indexed values of the clause's parameter. */
sealed interface Criterion {

    boolean matches(Indexed indexed);

    /**
     * A token, reference or id: {@code anySystem} ignores the system (a bare code, a plain reference id);
     * {@code value == null} accepts any value ({@code system|}).
     */
    record Token(String system, boolean anySystem, String value) implements Criterion {
        @Override
        public boolean matches(Indexed indexed) {
            return indexed instanceof IndexedValue token
                    && (anySystem || Objects.equals(system, token.system()))
                    && (value == null || value.equals(token.value()));
        }
    }

    /**
     * A string: by default the normalized index value starts with the normalized search value; {@code :exact}
     * compares the whole value as written, case and accents included.
     */
    record Text(String value, boolean exact) implements Criterion {

        static Text of(String value, boolean exact) {
            return new Text(exact ? value : IndexedString.normalize(value), exact);
        }

        @Override
        public boolean matches(Indexed indexed) {
            return indexed instanceof IndexedString string
                    && (exact ? string.exact().equals(value) : string.normalized().startsWith(value));
        }
    }

    /** A date with {@code eq}: the indexed value's days lie within the searched ones. */
    record DateRange(IndexedDate range) implements Criterion {
        @Override
        public boolean matches(Indexed indexed) {
            return indexed instanceof IndexedDate date && range.contains(date);
        }
    }
}
