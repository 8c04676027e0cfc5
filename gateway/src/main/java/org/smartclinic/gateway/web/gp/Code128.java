package org.smartclinic.gateway.web.gp;

import java.util.ArrayList;
import java.util.List;

/**
 * Code 128 (ISO/IEC 15417) for the sample-id labels the GP prints: the gateway draws the barcode itself, as inline
 * SVG, so printing a label needs no font, plug-in or network. Every analyzer's reader takes Code 128, and the
 * sample ids the gateway issues are digits, which code set C packs two to a symbol (a 10-digit id is 5 symbols).
 *
 * <p>Encoding: a start symbol (A 103, B 104, C 105), the data symbols, a check symbol (the start's value plus each
 * data symbol's value times its position, modulo 103), the stop symbol; a quiet zone of 10 modules each side is the
 * printer's margin. Text other than digits uses code set B (ASCII 32-126); a run of digits switches to set C when
 * it pays: 4 or more at the start or end, 6 or more in the middle (with an odd run, its first digit stays in B).
 * Each symbol is 6 alternating bar/space widths of 1-4 modules, 11 modules in all (the stop: 7 widths, 13).
 */
public final class Code128 {

    /** The bar/space widths of symbols 0-106 (ISO/IEC 15417 table 1); 106 is the stop. */
    static final String[] WIDTHS = {
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    };

    static final int START_B = 104;
    static final int START_C = 105;
    static final int CODE_B = 100;
    static final int CODE_C = 99;
    static final int STOP = 106;
    /** Most characters a label's text may have: a sample id is 10, a long one fits a label at 64. */
    public static final int MAX_LENGTH = 64;

    private Code128() {
    }

    /**
     * The symbol values for {@code text}: start, data, check, stop.
     *
     * @throws IllegalArgumentException for an empty or too long text or a character outside ASCII 32-126
     */
    public static List<Integer> symbols(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Code 128 text must be 1-" + MAX_LENGTH + " characters");
        }
        for (char c : text.toCharArray()) {
            if (c < 32 || c > 126) {
                throw new IllegalArgumentException("Code 128 set B/C takes ASCII 32-126 only");
            }
        }
        List<Integer> out = new ArrayList<>();
        int i = 0;
        int set = 0;
        while (i < text.length()) {
            int run = digitRun(text, i);
            boolean atStart = i == 0;
            boolean toEnd = i + run == text.length();
            boolean useC = run >= 6 || (run >= 4 && (atStart || toEnd));
            if (useC) {
                if (run % 2 == 1) {
                    // An odd run: the first digit in B, the rest in pairs (C at the start only if the text is digits).
                    set = switchTo(out, set, 'B');
                    out.add(text.charAt(i) - 32);
                    i++;
                    run--;
                }
                set = switchTo(out, set, 'C');
                for (int end = i + run; i < end; i += 2) {
                    out.add((text.charAt(i) - '0') * 10 + text.charAt(i + 1) - '0');
                }
            } else {
                set = switchTo(out, set, 'B');
                out.add(text.charAt(i) - 32);
                i++;
            }
        }
        out.add(check(out));
        out.add(STOP);
        return out;
    }

    private static int switchTo(List<Integer> out, int set, char wanted) {
        if (set == wanted) {
            return set;
        }
        if (set == 0) {
            out.add(wanted == 'C' ? START_C : START_B);
        } else {
            out.add(wanted == 'C' ? CODE_C : CODE_B);
        }
        return wanted;
    }

    private static int digitRun(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && text.charAt(i) < 128) {
            i++;
        }
        return i - from;
    }

    /** The check symbol of start + data: (start + sum of value × position) mod 103. */
    static int check(List<Integer> startAndData) {
        long sum = startAndData.getFirst();
        for (int p = 1; p < startAndData.size(); p++) {
            sum += (long) startAndData.get(p) * p;
        }
        return (int) (sum % 103);
    }

    /** The bar and space widths in modules, bar first, for {@code text} (no quiet zones). */
    public static int[] widths(String text) {
        List<Integer> symbols = symbols(text);
        StringBuilder all = new StringBuilder();
        symbols.forEach(s -> all.append(WIDTHS[s]));
        return all.chars().map(c -> c - '0').toArray();
    }

    /** The modules as '1' (bar) and '0' (space), for tests and for readers of the spec's examples. */
    public static String modules(String text) {
        StringBuilder b = new StringBuilder();
        int[] widths = widths(text);
        for (int i = 0; i < widths.length; i++) {
            b.append(String.valueOf(i % 2 == 0 ? '1' : '0').repeat(widths[i]));
        }
        return b.toString();
    }
}
