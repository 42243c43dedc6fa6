package io.timonel.plugins.admission.resources;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 500m}, {@code 128Mi}, {@code 1.5}, {@code 2e3}): an exact
 * decimal value plus the notation it was written in, so that sums print the way Kubernetes prints
 * them ({@code 1536Mi}, not {@code 1610612736}).
 *
 * @param value  the exact value in base units (cores, bytes, objects)
 * @param format the notation used for printing
 */
public record Quantity(BigDecimal value, Format format) implements Comparable<Quantity> {

    /** How a quantity is printed, as Kubernetes' canonical forms. */
    public enum Format {
        /** Powers of 1024: Ki, Mi, Gi, ... */
        BINARY_SI,
        /** Powers of 1000: n, u, m, (none), k, M, G, ... */
        DECIMAL_SI,
        /** Exponent notation: 1e3. */
        DECIMAL_EXPONENT
    }

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);

    private static final Pattern SYNTAX = Pattern.compile(
            "([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?");
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final BigDecimal NANO = new BigDecimal("1e-9");
    private static final BigDecimal K1024 = BigDecimal.valueOf(1024);

    /** Parses Kubernetes' quantity syntax; empty when the text is not a quantity. */
    public static Optional<Quantity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            int exp = Integer.parseInt(suffix.substring(1));
            return Optional.of(new Quantity(number.scaleByPowerOfTen(exp), Format.DECIMAL_EXPONENT));
        }
        for (int i = 1; i < BINARY.length; i++) {
            if (BINARY[i].equals(suffix)) {
                return Optional.of(new Quantity(number.multiply(K1024.pow(i)), Format.BINARY_SI));
            }
        }
        for (int i = 0; i < DECIMAL.length; i++) {
            if (DECIMAL[i].equals(suffix)) {
                return Optional.of(new Quantity(number.scaleByPowerOfTen(3 * (i - 3)), Format.DECIMAL_SI));
            }
        }
        return Optional.empty();
    }

    /** Parses a quantity from a JSON value's text, or zero when it is absent or malformed. */
    public static Quantity parseOrZero(String text) {
        return parse(text).orElse(ZERO);
    }

    /** The sum, printed in this quantity's notation (as Kubernetes keeps the left operand's). */
    public Quantity plus(Quantity other) {
        Format f = value.signum() == 0 && format == Format.DECIMAL_SI ? other.format : format;
        return new Quantity(value.add(other.value), f);
    }

    public Quantity minus(Quantity other) {
        return new Quantity(value.subtract(other.value), format);
    }

    /** The larger of the two (this one when equal). */
    public Quantity max(Quantity other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    /** The value in thousandths, rounded up, as Kubernetes' MilliValue. */
    public long milliValue() {
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    /** Equality by value: {@code 1} equals {@code 1000m}. */
    public boolean sameValue(Quantity o) {
        return compareTo(o) == 0;
    }

    /** Kubernetes' canonical text: {@code 1}, {@code 500m}, {@code 128Mi}, {@code 1500M}. */
    @Override
    public String toString() {
        BigDecimal v = value.signum() < 0 ? value.negate() : value;
        String sign = value.signum() < 0 ? "-" : "";
        // Sub-nano precision is rounded up, as Kubernetes does.
        v = v.divide(NANO).setScale(0, RoundingMode.CEILING).multiply(NANO);
        if (v.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI && v.stripTrailingZeros().scale() <= 0 && v.compareTo(K1024) >= 0) {
            BigInteger n = v.toBigIntegerExact();
            int i = 0;
            BigInteger k = BigInteger.valueOf(1024);
            while (i < BINARY.length - 1 && n.mod(k).signum() == 0) {
                n = n.divide(k);
                i++;
            }
            if (i > 0) {
                return sign + n + BINARY[i];
            }
        }
        // Largest power of 1000 that leaves an integer mantissa.
        for (int i = DECIMAL.length - 1; i >= 0; i--) {
            BigDecimal mantissa = v.scaleByPowerOfTen(-3 * (i - 3));
            if (mantissa.stripTrailingZeros().scale() <= 0 && mantissa.compareTo(BigDecimal.ONE) >= 0) {
                String digits = mantissa.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
                if (format == Format.DECIMAL_EXPONENT) {
                    int exp = 3 * (i - 3);
                    return sign + digits + (exp == 0 ? "" : "e" + exp);
                }
                return sign + digits + DECIMAL[i];
            }
        }
        return sign + v.toPlainString();
    }
}
