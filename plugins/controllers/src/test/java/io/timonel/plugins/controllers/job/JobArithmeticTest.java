package io.timonel.plugins.controllers.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobArithmeticTest {

    @ParameterizedTest(name = "completions {0}, parallelism {1}, succeeded {2}, active {3}: want {4}")
    @CsvSource(nullValues = "-", textBlock = """
            3, 2, 0, 0, 2
            3, 2, 2, 0, 1
            3, 2, 3, 0, 0
            1, 5, 0, 0, 1
            5, 0, 0, 0, 0
            -, 3, 0, 0, 3
            -, 3, 1, 2, 2
            -, 3, 1, 0, 0
            """)
    void podsANonIndexedJobWants(Integer completions, int parallelism, int succeeded, int active, int want) {
        assertEquals(want, Parallelism.wantActive(completions, parallelism, succeeded, active));
    }

    @ParameterizedTest(name = "completions {0}, parallelism {1}, completed [{2}], running [{3}]: start [{4}]")
    @CsvSource(delimiter = '|', textBlock = """
            3 | 3 |       |     | 0,1,2
            3 | 2 |       |     | 0,1
            3 | 2 | 0     | 1   | 2
            5 | 2 | 0,1   | 2   | 3
            3 | 3 | 0,1,2 |     |
            4 | 1 |       | 3   |
            """)
    void indexesAnIndexedJobStarts(int completions, int parallelism, String completed, String running, String expected) {
        assertEquals(ints(expected), Parallelism.indexesToCreate(completions, parallelism, bits(completed), bits(running)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            ''        | ''
            0         | 0
            0,1       | 0-1
            1,3-5,7   | 1,3-5,7
            0-2,3     | 0-3
            5,x,1     | 1,5
            """)
    void completedIndexesRoundTrip(String text, String formatted) {
        assertEquals(formatted, IndexSet.format(IndexSet.parse(text)));
    }

    @Test
    void replacementBackoffDoublesUpToItsMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(6));
        assertEquals(List.of(0L, 10L, 20L, 40L, 80L, 160L, 320L, 360L, 360L),
                java.util.stream.IntStream.range(0, 9).mapToObj(n -> backoff.delay(n).toSeconds()).toList());
        Instant failed = Instant.parse("2026-11-23T10:00:00Z");
        assertEquals(Duration.ofSeconds(15), backoff.remaining(2, failed, failed.plusSeconds(5)));
        assertEquals(Duration.ZERO, backoff.remaining(0, failed, failed));
    }

    private static BitSet bits(String list) {
        BitSet set = new BitSet();
        ints(list).forEach(set::set);
        return set;
    }

    private static List<Integer> ints(String list) {
        return list == null || list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
