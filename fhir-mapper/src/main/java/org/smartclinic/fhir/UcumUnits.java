package org.smartclinic.fhir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import org.smartclinic.fhir.MappingException.Reason;
import org.smartclinic.fhir.internal.TableFile;
import org.smartclinic.fhir.internal.UcumLibrary;
import org.smartclinic.fhir.internal.UcumLibrary.Conversion;

/**
 * Device units to UCUM, checked and converted by the org.fhir:ucum library.
 *
 * <h2>Aliases</h2>
 * Devices write units their own way ({@code mmHg}, {@code bpm}, {@code °C}); FHIR wants UCUM codes
 * ({@code mm[Hg]}, {@code /min}, {@code Cel}). The table {@code ucum-aliases.txt} (next to this class) lists every
 * accepted device spelling, including UCUM codes that are accepted as themselves. A unit that is not listed is a
 * {@link MappingException} naming it, never a guess: a valid UCUM string is not accepted just because it parses
 * ({@code C} is coulomb, not Celsius). Every code in the table is validated by the library when it is loaded; a bad
 * entry stops the start-up with a message naming it.
 *
 * <h2>Displays</h2>
 * {@link #display(String)} gives the unit for people ({@code Quantity.unit}): the entry of {@code ucum-displays.txt}
 * where one exists ({@code mm[Hg]} as {@code mmHg}, {@code Cel} as {@code °C}), else the UCUM code itself (so
 * {@code /min} stays {@code /min}: the same code serves heart and respiratory rate, and "beats" would be wrong for
 * the latter).
 *
 * <h2>Conversions</h2>
 * See {@link #normalize}. A factor per unit pair is computed by the library once and cached (a library call costs
 * about 1 ms); {@link #libraryConversions()} counts the library calls. UCUM special units (Cel, [degF], [pH]) have
 * no factor: converting between them and anything else is refused, converting a unit to itself always works.
 *
 * <p>Instances are immutable apart from the cache and safe to share between threads; create one per process.
 */
public final class UcumUnits {

    /** The UCUM code system URI, for {@code Quantity.system}. */
    public static final String SYSTEM = "http://unitsofmeasure.org";
    /** Resource name of the alias table, next to this class: {@code device unit | UCUM code}. */
    public static final String ALIAS_TABLE = "ucum-aliases.txt";
    /** Resource name of the display table, next to this class: {@code UCUM code | display}. */
    public static final String DISPLAY_TABLE = "ucum-displays.txt";

    private final Map<String, String> aliases;
    private final Map<String, String> displays;
    private final UcumLibrary library = UcumLibrary.shared();
    private final ConcurrentMap<String, Boolean> validity = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, Conversion> factors = new ConcurrentHashMap<>();
    private final LongAdder libraryConversions = new LongAdder();

    private UcumUnits(Map<String, String> aliases, Map<String, String> displays) {
        this.aliases = Map.copyOf(aliases);
        this.displays = Map.copyOf(displays);
        List<String> problems = new ArrayList<>();
        aliases.forEach((unit, code) -> check("alias '" + unit + "' -> '" + code + "'", code, problems));
        displays.forEach((code, text) -> check("display of '" + code + "'", code, problems));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid UCUM codes in the unit tables:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * The tables shipped with the mapper.
     *
     * @throws IllegalStateException if a table is missing, malformed, has a duplicate or a code the library rejects
     */
    public static UcumUnits standard() {
        try {
            return of(readTable(ALIAS_TABLE), readTable(DISPLAY_TABLE));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(ALIAS_TABLE + "/" + DISPLAY_TABLE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Custom tables (tests, site additions): {@code aliases} maps device units to UCUM codes, {@code displays} UCUM
     * codes to display text.
     *
     * @throws IllegalArgumentException listing every code the library rejects
     */
    public static UcumUnits of(Map<String, String> aliases, Map<String, String> displays) {
        return new UcumUnits(aliases, displays);
    }

    /** The device units the alias table accepts. */
    public Set<String> deviceUnits() {
        return aliases.keySet();
    }

    /**
     * The UCUM code for {@code deviceUnit}. An empty unit is a unitless quantity (a specific gravity, a ratio) and
     * gives UCUM's unity {@code 1}; the table cannot list it (a row needs a non-empty first column).
     */
    public String ucumCode(String deviceUnit) throws MappingException {
        if (Objects.requireNonNull(deviceUnit, "deviceUnit").isEmpty()) {
            return "1";
        }
        String code = aliases.get(deviceUnit);
        if (code == null) {
            throw new MappingException(Reason.UNKNOWN_UNIT, "unknown unit '" + deviceUnit + "': if it is a real"
                    + " device unit, add a line '" + deviceUnit + " | <UCUM code>' to org/smartclinic/fhir/" + ALIAS_TABLE
                    + " (fhir-mapper resources)");
        }
        return code;
    }

    /** Whether the library accepts {@code ucumCode} as a UCUM expression (cached). */
    public boolean isValid(String ucumCode) {
        return validity.computeIfAbsent(ucumCode, c -> library.problem(c) == null);
    }

    /** The unit for people: the display table's entry, else the code itself. */
    public String display(String ucumCode) {
        return displays.getOrDefault(ucumCode, ucumCode);
    }

    /** {@code value} in the UCUM unit its device unit stands for, unchanged. */
    public UcumQuantity quantity(BigDecimal value, String deviceUnit) throws MappingException {
        String code = ucumCode(deviceUnit);
        return new UcumQuantity(value, code, display(code));
    }

    /**
     * {@code value deviceUnit} converted to {@code targetUcum} by the library.
     *
     * <p>Rounding rule: a value whose unit already is {@code targetUcum} is returned unchanged. Otherwise the
     * result keeps the input's resolution: the step of the input's last digit ({@code 10^-scale}, so trailing
     * zeros the device sent count) is converted with the same factor, and the power of ten nearest to it (in
     * log scale) gives the result's decimal places, never fewer than zero (no exponent notation in FHIR decimals).
     * The exact product {@code value × factor} is then rounded half-up to those places. Every value of one
     * resolution thus gets the same number of decimals whatever its magnitude (unlike counting significant digits,
     * where 9.9 kPa would give 74 mm[Hg] and 10.1 kPa 75.8). Examples: 17.1 kPa → 128 mm[Hg] (0.1 kPa = 0.75
     * mm[Hg], nearest power 1); 10.9 kPa → 82; 128 mm[Hg] → 17.1 kPa (1 mm[Hg] = 0.133 kPa, nearest 0.1);
     * 154.3 [lb_av] → 70.0 kg; 98 % → 0.98 (unit 1).
     *
     * @throws MappingException         {@link Reason#UNKNOWN_UNIT} if {@code deviceUnit} is not in the alias table,
     *                                  {@link Reason#UNCONVERTIBLE_UNIT} if the library cannot convert
     * @throws IllegalArgumentException if {@code targetUcum} is not valid UCUM (a bug in the caller's table)
     */
    public UcumQuantity normalize(BigDecimal value, String deviceUnit, String targetUcum) throws MappingException {
        Objects.requireNonNull(value, "value");
        if (!isValid(Objects.requireNonNull(targetUcum, "targetUcum"))) {
            throw new IllegalArgumentException("target unit is not valid UCUM: '" + targetUcum + "' ("
                    + library.problem(targetUcum) + ")");
        }
        String from = ucumCode(deviceUnit);
        if (from.equals(targetUcum)) {
            return new UcumQuantity(value, targetUcum, display(targetUcum));
        }
        Conversion conversion = factors.computeIfAbsent(List.of(from, targetUcum), pair -> {
            libraryConversions.increment();
            return library.factor(from, targetUcum);
        });
        if (!conversion.isPossible()) {
            throw new MappingException(Reason.UNCONVERTIBLE_UNIT, "cannot convert '" + deviceUnit + "' (UCUM "
                    + from + ") to the required " + targetUcum + ": " + conversion.problem());
        }
        return new UcumQuantity(round(value, conversion.factor()), targetUcum, display(targetUcum));
    }

    /** How many unit pairs the library was asked to convert (cache misses) since this instance was made. */
    public long libraryConversions() {
        return libraryConversions.sum();
    }

    static BigDecimal round(BigDecimal value, BigDecimal factor) {
        BigDecimal convertedStep = BigDecimal.ONE.movePointLeft(value.scale()).multiply(factor.abs());
        // StrictMath: the same decimals on every JVM and platform, as the bundle must be byte-identical
        long decimals = -Math.round(StrictMath.log10(convertedStep.doubleValue()));
        return value.multiply(factor).setScale((int) Math.max(0, decimals), RoundingMode.HALF_UP);
    }

    private void check(String what, String code, List<String> problems) {
        String problem = library.problem(code);
        if (problem != null) {
            problems.add(what + ": " + problem);
        } else {
            validity.put(code, true);
        }
    }

    private static Map<String, String> readTable(String name) {
        Map<String, String> table = new LinkedHashMap<>();
        for (TableFile.Row row : TableFile.read(UcumUnits.class, name, 2, 2)) {
            if (row.column(1).isEmpty() || table.putIfAbsent(row.column(0), row.column(1)) != null) {
                throw new IllegalStateException(row.where() + ": empty second column or '" + row.column(0)
                        + "' listed twice");
            }
        }
        return table;
    }
}
