package io.timonel.plugins.controllers.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntOrPercentTest {
    @ParameterizedTest(name = "{0} of {1}, round up {2} -> {3}")
    @CsvSource({"25%, 10, true, 3", "25%, 10, false, 2", "3, 10, false, 3", "100%, 7, false, 7", "1%, 1, true, 1",
            "0%, 5, true, 0", "'', 5, true, 9"})
    void scalesPercentsAgainstTheTotal(String value, int total, boolean roundUp, int want) {
        IntOrString v = value.isEmpty() ? null
                : value.endsWith("%") ? new IntOrString(value) : new IntOrString(Integer.parseInt(value));
        assertEquals(want, IntOrPercent.scaled(v, total, roundUp, 9));
    }
}
