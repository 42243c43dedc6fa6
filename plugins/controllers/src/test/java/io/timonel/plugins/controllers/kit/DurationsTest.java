package io.timonel.plugins.controllers.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({"40s,40000", "5m,300000", "1m30s,90000", "500ms,500", "2h,7200000", "15,15000", "1.5s,1500"})
    void goStyleDurationsParse(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse(text).orElseThrow());
    }

    @Test
    void malformedOrMissingSettingsFallBack() {
        Duration fallback = Duration.ofSeconds(7);
        assertEquals(fallback, Durations.setting(Map.of("a", "soon"), "a", fallback));
        assertEquals(fallback, Durations.setting(Map.of(), "a", fallback));
        assertEquals(Duration.ofSeconds(3), Durations.setting(Map.of("a", "3s"), "a", fallback));
    }
}
