package io.timonel.plugins.controllers.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities ({@code 500m}, {@code 128Mi}, {@code 2}, {@code 1e3}) as exact decimals, and
 * back in Kubernetes' canonical form: binary suffixes when the amounts were written with them and
 * divide exactly, otherwise the largest decimal suffix that keeps an integer, milli-units below one
 * ({@code 1500m}, {@code 2}, {@code 3k}, {@code 1Gi}).
 *
 * @param value  the amount in base units
 * @param binary whether it reads best with binary suffixes
 */
record Quantities(BigDecimal value, boolean binary) {
    static final Quantities ZERO = new Quantities(BigDecimal.ZERO, false);
    private static final Pattern FORM = Pattern.compile("([+-]?[0-9.]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?)");
    private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
            Map.entry("m", new BigDecimal("0.001")), Map.entry("", BigDecimal.ONE),
            Map.entry("k", BigDecimal.TEN.pow(3)), Map.entry("M", BigDecimal.TEN.pow(6)),
            Map.entry("G", BigDecimal.TEN.pow(9)), Map.entry("T", BigDecimal.TEN.pow(12)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(1024)), Map.entry("Mi", BigDecimal.valueOf(1024).pow(2)),
            Map.entry("Gi", BigDecimal.valueOf(1024).pow(3)), Map.entry("Ti", BigDecimal.valueOf(1024).pow(4)),
            Map.entry("Pi", BigDecimal.valueOf(1024).pow(5)), Map.entry("Ei", BigDecimal.valueOf(1024).pow(6)));
    private static final String[] BINARY = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    private static final String[] DECIMAL = {"E", "P", "T", "G", "M", "k"};

    /** Parses a quantity; empty when it is not one. */
    static Optional<Quantities> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            return Optional.of(new Quantities(number.scaleByPowerOfTen(Integer.parseInt(m.group(2).substring(1))), false));
        }
        String suffix = m.group(3) == null ? "" : m.group(3);
        return Optional.of(new Quantities(number.multiply(SUFFIX.get(suffix)), suffix.endsWith("i")));
    }

    Quantities plus(Quantities other) {
        boolean b = value.signum() == 0 ? other.binary : binary;
        return new Quantities(value.add(other.value), b);
    }

    /** The canonical text, as {@code kubectl describe quota} shows it. */
    String format() {
        if (value.signum() == 0) {
            return "0";
        }
        boolean whole = value.stripTrailingZeros().scale() <= 0;
        if (!whole) {
            BigDecimal milli = value.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
            return milli.toPlainString() + "m";
        }
        if (binary) {
            for (String s : BINARY) {
                BigDecimal[] qr = value.divideAndRemainder(SUFFIX.get(s));
                if (qr[1].signum() == 0 && qr[0].signum() != 0) {
                    return qr[0].toBigInteger() + s;
                }
            }
            if (value.abs().compareTo(SUFFIX.get("Ki")) >= 0) {
                return value.toBigInteger().toString(); // binary, but no suffix divides it
            }
        }
        for (String s : DECIMAL) {
            BigDecimal[] qr = value.divideAndRemainder(SUFFIX.get(s));
            if (qr[1].signum() == 0 && qr[0].signum() != 0) {
                return qr[0].toBigInteger() + s;
            }
        }
        return value.toBigInteger().toString();
    }
}
