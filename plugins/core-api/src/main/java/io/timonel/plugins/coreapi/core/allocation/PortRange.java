package io.timonel.plugins.coreapi.core.allocation;

/**
 * An inclusive range of ports such as {@code 30000-32767} (also written {@code 30000+2767}, base
 * plus size, as Kubernetes accepts).
 */
public record PortRange(int min, int max) {

    public PortRange {
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("not a port range: " + min + "-" + max);
        }
    }

    public static PortRange parse(String text) {
        String t = text.trim();
        try {
            int plus = t.indexOf('+');
            if (plus > 0) {
                int base = Integer.parseInt(t.substring(0, plus).trim());
                return new PortRange(base, base + Integer.parseInt(t.substring(plus + 1).trim()));
            }
            int dash = t.indexOf('-');
            if (dash > 0) {
                return new PortRange(Integer.parseInt(t.substring(0, dash).trim()),
                        Integer.parseInt(t.substring(dash + 1).trim()));
            }
            int single = Integer.parseInt(t);
            return new PortRange(single, single);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port range: " + text);
        }
    }

    public boolean contains(long port) {
        return port >= min && port <= max;
    }

    public int size() {
        return max - min + 1;
    }

    @Override
    public String toString() {
        return min + "-" + max;
    }
}
