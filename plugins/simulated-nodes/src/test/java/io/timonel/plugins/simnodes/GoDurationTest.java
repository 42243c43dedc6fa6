package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void readsTheFormsKubernetesConfigurationsUse() {
        assertEquals(Duration.ofSeconds(10), GoDuration.parse("10s"));
        assertEquals(Duration.ofSeconds(90), GoDuration.parse("1m30s"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse("500ms"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ofNanos(2_000), GoDuration.parse("2us"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ZERO, GoDuration.parse("0s"));
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String bad : new String[] {"", "10", "s", "10x", "-1s", "1s garbage", "1m 30s", null}) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), String.valueOf(bad));
        }
    }
}
