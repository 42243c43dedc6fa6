package io.timonel.plugins.controllers.kit;

import io.fabric8.kubernetes.api.model.IntOrString;

/** Resolves {@code intstr.IntOrString} values (maxSurge: 25%) against a total, as apimachinery does. */
public final class IntOrPercent {
    private IntOrPercent() {
    }

    /**
     * The value itself when an integer; else {@code percent * total / 100}, rounded up or down.
     * An absent value is {@code fallback}.
     *
     * @throws IllegalArgumentException for a string that is not {@code N%}
     */
    public static int scaled(IntOrString value, int total, boolean roundUp, int fallback) {
        if (value == null || (value.getIntVal() == null && value.getStrVal() == null)) {
            return fallback;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal().trim();
        if (!s.endsWith("%")) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid value for IntOrString: " + s);
            }
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        long product = (long) percent * total;
        return (int) (roundUp ? -Math.floorDiv(-product, 100L) : Math.floorDiv(product, 100L));
    }
}
