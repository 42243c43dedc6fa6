package io.timonel.cli.bench;

import java.util.Locale;

/** How the report prints numbers. */
final class Figures {

    private Figures() {
    }

    /**
     * Thousands separators and no decimals from 100 up, one decimal from 10, two below; whole
     * numbers without decimals; "n/a" for NaN (not measured).
     */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
