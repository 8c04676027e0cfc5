package org.smartclinic.fhir.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import org.fhir.ucum.Component;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.DefinedUnit;
import org.fhir.ucum.ExpressionParser;
import org.fhir.ucum.Symbol;
import org.fhir.ucum.Term;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;

/**
 * The org.fhir:ucum library, loaded once per process from the {@code ucum-essence.xml} inside its jar.
 *
 * <p>Calls are serialized: the library does not document thread safety, and callers cache what they get (a
 * conversion costs about 1 ms), so the lock is only taken at load time and on cache misses.
 */
public final class UcumLibrary {

    private static final String ESSENCE = "/ucum-essence.xml";

    private final UcumEssenceService service;

    private UcumLibrary(UcumEssenceService service) {
        this.service = service;
    }

    /** The shared instance, loaded on first use. */
    public static UcumLibrary shared() {
        return Holder.INSTANCE;
    }

    /** Null when {@code code} is a valid UCUM expression, else the library's reason. */
    public synchronized String problem(String code) {
        return service.validate(code);
    }

    /**
     * The result of asking for a conversion factor: {@code factor} with {@code x from = x*factor to}, or null with
     * the library's reason in {@code problem}.
     */
    public record Conversion(BigDecimal factor, String problem) {

        static Conversion of(BigDecimal factor) {
            return new Conversion(factor, null);
        }

        static Conversion impossible(String problem) {
            return new Conversion(null, problem);
        }

        public boolean isPossible() {
            return factor != null;
        }
    }

    /** The factor from {@code from} to {@code to} as the library computes it (both valid UCUM codes). */
    public synchronized Conversion factor(String from, String to) {
        try {
            if (isSpecial(from) || isSpecial(to)) {
                return Conversion.impossible("one of them is a UCUM special unit (an offset or logarithmic scale"
                        + " such as Cel or [pH]), which has no conversion factor");
            }
            Decimal one = service.convert(new Decimal(1), from, to);
            return Conversion.of(new BigDecimal(one.asDecimal()));
        } catch (UcumException e) {
            return Conversion.impossible(e.getMessage());
        }
    }

    private boolean isSpecial(String code) throws UcumException {
        return containsSpecial(new ExpressionParser(service.getModel()).parse(code));
    }

    private static boolean containsSpecial(Component component) {
        if (component instanceof Symbol symbol) {
            return symbol.getUnit() instanceof DefinedUnit unit && unit.isSpecial();
        }
        if (component instanceof Term term) {
            return (term.hasComp() && containsSpecial(term.getComp()))
                    || (term.hasTerm() && containsSpecial(term.getTerm()));
        }
        return false;
    }

    private static final class Holder {
        static final UcumLibrary INSTANCE = load();

        private static UcumLibrary load() {
            try (InputStream in = UcumEssenceService.class.getResourceAsStream(ESSENCE)) {
                if (in == null) {
                    throw new IllegalStateException(ESSENCE + " is missing: is org.fhir:ucum on the classpath?");
                }
                return new UcumLibrary(new UcumEssenceService(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ESSENCE, e);
            } catch (UcumException e) {
                throw new IllegalStateException("cannot load UCUM essence " + ESSENCE + ": " + e.getMessage(), e);
            }
        }
    }
}
