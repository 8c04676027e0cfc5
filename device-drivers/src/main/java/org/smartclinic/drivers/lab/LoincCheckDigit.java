package org.smartclinic.drivers.lab;

/**
 * LOINC's mod-10 check digit (the Luhn scheme, as LOINC's users' guide describes it: from the right, double every
 * other digit starting with the last, add all digits, and the check digit brings the sum to a multiple of ten).
 */
final class LoincCheckDigit {

    private static final int MAX_DIGITS = 7;

    private LoincCheckDigit() {
    }

    /** True if {@code code} is {@code digits-check} with 1 to 7 digits and a check digit that matches them. */
    static boolean valid(String code) {
        int dash = code.indexOf('-');
        if (dash < 1 || dash > MAX_DIGITS || dash != code.length() - 2) {
            return false;
        }
        int sum = 0;
        boolean doubled = true;
        for (int i = dash - 1; i >= 0; i--) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }
            sum += d;
            doubled = !doubled;
        }
        char check = code.charAt(dash + 1);
        return check >= '0' && check <= '9' && (sum + check - '0') % 10 == 0;
    }
}
