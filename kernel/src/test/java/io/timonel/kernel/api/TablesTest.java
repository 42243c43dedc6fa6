package io.timonel.kernel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TablesTest {

    @ParameterizedTest(name = "{0}s is {1}")
    @CsvSource({"5,5s", "119,119s", "120,2m", "150,2m30s", "600,10m", "10799,179m", "10800,3h", "11400,3h10m",
        "86400,24h", "172800,2d", "180000,2d2h", "864000,10d", "63072000,2y", "63158400,2y1d"})
    void agesReadLikeKubectl(long seconds, String expected) {
        assertEquals(expected, Tables.humanDuration(Duration.ofSeconds(seconds)));
    }
}
