package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void eachFigureIsOneLineWithValueUnitGoalAndVerdict() {
        String text = new BenchReport("Title")
                .section("Start-up")
                .figure("process start to /readyz ok", 812.4, "ms", Goal.atMost(2000, "ms"), "")
                .figure("idle RSS after start", 250, "MB", Goal.atMost(200, "MB"), "VmRSS")
                .render();

        assertTrue(line(text, "process start").matches(" +process start to /readyz ok +812 ms +goal ≤ 2,000 ms +PASS"),
                line(text, "process start"));
        assertTrue(line(text, "idle RSS").matches(" +idle RSS after start +250 MB +goal ≤ 200 MB +MISS +VmRSS"),
                line(text, "idle RSS"));
    }

    @Test
    void atLeastGoalsPassAtTheThresholdAndMissBelow() {
        Goal goal = Goal.atLeast(50_000, "events/s");

        assertEquals(Goal.Verdict.PASS, goal.judge(50_000.0));
        assertEquals(Goal.Verdict.MISS, goal.judge(49_999.9));
        assertEquals(Goal.Verdict.NOT_MEASURED, goal.judge(Double.NaN));
        assertEquals("≥ 50,000 events/s", goal.describe());
        assertEquals("≥ 1.0 ×", Goal.atLeast(1, "×").describe());
    }

    @Test
    void figuresNotMeasuredSayWhyAndCountAsNotMeasured() {
        BenchReport report = new BenchReport("T")
                .notMeasured("list of 100,000 stored objects", "ms", Goal.atMost(1000, "ms"), "--skip-large-list")
                .figure("one watcher's event rate", 61_234.5, "events/s", Goal.atLeast(50_000, "events/s"), "");

        String line = line(report.render(), "list of");
        assertTrue(line.contains("n/a") && line.endsWith("--skip-large-list"), line);
        assertEquals(Map.of(Goal.Verdict.PASS, 1, Goal.Verdict.MISS, 0, Goal.Verdict.NOT_MEASURED, 1), report.tally());
        assertTrue(report.render().contains("Goals: 1 PASS, 0 MISS, 1 not measured"));
    }

    @Test
    void aReportKnowsWhichFiguresItHolds() {
        BenchReport report = new BenchReport("T").figure("get", 1000, "ops/s", "");

        assertTrue(report.hasFigure("get"));
        assertTrue(!report.hasFigure("list"));
    }

    @Test
    void comparisonTableShowsBothSidesAndTheirRatio() {
        String text = new BenchReport("T").comparison("Timonel vs etcd", List.of(
                new BenchReport.Row("create throughput", "ops/s", 4210, 5000),
                new BenchReport.Row("create p99", "ms", 18.2, Double.NaN))).render();

        assertTrue(line(text, "create throughput").matches(" +create throughput \\(ops/s\\) +4,210 +5,000 +0\\.84×"),
                line(text, "create throughput"));
        assertTrue(line(text, "create p99").matches(" +create p99 \\(ms\\) +18\\.2 +n/a +n/a"), line(text, "create p99"));
    }

    @Test
    void numbersAreGroupedAboveHundredAndKeepDecimalsBelow() {
        assertEquals("123,457", Figures.number(123_456.7));
        assertEquals("42.5", Figures.number(42.51));
        assertEquals("3.14", Figures.number(3.14159));
        assertEquals("7", Figures.number(7.0));
        assertEquals("n/a", Figures.number(Double.NaN));
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst().orElseThrow(
                () -> new AssertionError("no line with '" + containing + "' in:\n" + text));
    }
}
