package io.timonel.cli.bench;

/**
 * A target a figure is judged against, as issue 2 states it: at most or at least a threshold.
 *
 * @param atMost    true for "≤ threshold", false for "≥ threshold"
 * @param threshold the bound, in the figure's unit
 * @param unit      the unit the goal is written in (for the report)
 */
public record Goal(boolean atMost, double threshold, String unit) {

    /** How a figure fared. */
    public enum Verdict {
        PASS, MISS, NOT_MEASURED;

        /** As printed. */
        public String label() {
            return this == NOT_MEASURED ? "n/a" : name();
        }
    }

    public static Goal atMost(double threshold, String unit) {
        return new Goal(true, threshold, unit);
    }

    public static Goal atLeast(double threshold, String unit) {
        return new Goal(false, threshold, unit);
    }

    /** PASS when {@code value} meets the goal; NOT_MEASURED for null or NaN. */
    public Verdict judge(Double value) {
        if (value == null || value.isNaN()) {
            return Verdict.NOT_MEASURED;
        }
        boolean met = atMost ? value <= threshold : value >= threshold;
        return met ? Verdict.PASS : Verdict.MISS;
    }

    /** E.g. {@code ≤ 10 ms}. */
    public String describe() {
        // a ratio goal reads 1.0×, not 1×
        String bound = threshold < 10 && threshold == Math.rint(threshold)
                ? String.format(java.util.Locale.ROOT, "%.1f", threshold) : Figures.number(threshold);
        return (atMost ? "≤ " : "≥ ") + bound + (unit.isEmpty() ? "" : " " + unit);
    }
}
