package io.timonel.cli.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's printed report: sections of figures, one line per figure with its unit, the
 * goal beside it and PASS/MISS, a Timonel-vs-etcd table, and a closing tally of the goals.
 * Collects as the phases finish; {@link #render()} is pure.
 */
public final class BenchReport {

    private sealed interface Item permits Heading, Figure, Text, Comparison {
    }

    private record Heading(String title) implements Item {
    }

    private record Text(String text) implements Item {
    }

    /** One measured figure: value is NaN when not measured; then {@code detail} says why. */
    private record Figure(String label, double value, String unit, Goal goal, String detail) implements Item {
    }

    /** Timonel vs etcd rows. */
    private record Comparison(String title, List<Row> rows) implements Item {
    }

    /**
     * One row of the Timonel-vs-etcd table.
     *
     * @param label   what is compared, e.g. {@code create throughput}
     * @param unit    the figures' unit
     * @param timonel Timonel's figure (NaN when not measured)
     * @param etcd    etcd's figure (NaN when not measured)
     */
    public record Row(String label, String unit, double timonel, double etcd) {
        /** Timonel / etcd; NaN when either is missing or etcd's is 0. */
        public double ratio() {
            return Double.isNaN(timonel) || Double.isNaN(etcd) || etcd == 0 ? Double.NaN : timonel / etcd;
        }
    }

    private final String title;
    private final List<String> context = new ArrayList<>();
    private final List<Item> items = new ArrayList<>();

    public BenchReport(String title) {
        this.title = title;
    }

    /** A line under the title describing the run (machine, options, target). */
    public BenchReport context(String line) {
        context.add(line);
        return this;
    }

    public BenchReport section(String heading) {
        items.add(new Heading(heading));
        return this;
    }

    /** A free-text note under the current section. */
    public BenchReport note(String text) {
        items.add(new Text(text));
        return this;
    }

    /** A figure without a goal; {@code detail} (may be empty) follows it on the line. */
    public BenchReport figure(String label, double value, String unit, String detail) {
        items.add(new Figure(label, value, unit, null, detail));
        return this;
    }

    /** A figure judged against {@code goal}. */
    public BenchReport figure(String label, double value, String unit, Goal goal, String detail) {
        items.add(new Figure(label, value, unit, goal, detail));
        return this;
    }

    /** A figure that was not measured, with the reason; judged n/a when it has a goal. */
    public BenchReport notMeasured(String label, String unit, Goal goal, String reason) {
        items.add(new Figure(label, Double.NaN, unit, goal, reason));
        return this;
    }

    public BenchReport comparison(String heading, List<Row> rows) {
        items.add(new Comparison(heading, List.copyOf(rows)));
        return this;
    }

    /** Whether a figure with this label was reported (measured or not). */
    public boolean hasFigure(String label) {
        return items.stream().anyMatch(item -> item instanceof Figure f && f.label().equals(label));
    }

    /** How many goals passed, missed, or were not measured. */
    public Map<Goal.Verdict, Integer> tally() {
        Map<Goal.Verdict, Integer> counts = new EnumMap<>(Goal.Verdict.class);
        for (Goal.Verdict v : Goal.Verdict.values()) {
            counts.put(v, 0);
        }
        for (Item item : items) {
            if (item instanceof Figure f && f.goal() != null) {
                counts.merge(f.goal().judge(f.value()), 1, Integer::sum);
            }
        }
        return counts;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(title).append('\n');
        context.forEach(line -> out.append("  ").append(line).append('\n'));
        for (Item item : items) {
            if (item instanceof Heading h) {
                out.append('\n').append(h.title()).append('\n');
            } else if (item instanceof Text t) {
                out.append("  ").append(t.text()).append('\n');
            } else if (item instanceof Figure f) {
                out.append(figureLine(f)).append('\n');
            } else if (item instanceof Comparison c) {
                renderComparison(out, c);
            }
        }
        Map<Goal.Verdict, Integer> tally = tally();
        out.append('\n').append(String.format(Locale.ROOT, "Goals: %d PASS, %d MISS, %d not measured%n",
                tally.get(Goal.Verdict.PASS), tally.get(Goal.Verdict.MISS), tally.get(Goal.Verdict.NOT_MEASURED)));
        return out.toString();
    }

    private static String figureLine(Figure f) {
        String goal = f.goal() == null ? "" : "goal " + f.goal().describe();
        String verdict = f.goal() == null ? "" : f.goal().judge(f.value()).label();
        String line = String.format(Locale.ROOT, "  %-42s %12s %-8s %-24s %-5s %s",
                f.label(), Figures.number(f.value()), f.unit(), goal, verdict, f.detail() == null ? "" : f.detail());
        return line.stripTrailing();
    }

    private static void renderComparison(StringBuilder out, Comparison c) {
        out.append('\n').append(c.title()).append('\n');
        out.append(String.format(Locale.ROOT, "  %-30s %12s %12s %14s%n", "", "Timonel", "etcd", "Timonel/etcd"));
        for (Row row : c.rows()) {
            String label = row.label() + " (" + row.unit() + ")";
            String ratio = Double.isNaN(row.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f×", row.ratio());
            out.append(String.format(Locale.ROOT, "  %-30s %12s %12s %14s%n", label,
                    Figures.number(row.timonel()), Figures.number(row.etcd()), ratio));
        }
    }
}
