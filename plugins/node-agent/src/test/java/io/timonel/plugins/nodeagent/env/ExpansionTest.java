package io.timonel.plugins.nodeagent.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpansionTest {
    private static final Map<String, String> VARS = Map.of("A", "alpha", "B", "beta", "EMPTY", "");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "$(A)|alpha",
            "x-$(A)-$(B)-y|x-alpha-beta-y",
            "$(UNDEFINED)|$(UNDEFINED)",
            "$$(A)|$(A)",
            "$$$(A)|$alpha",
            "$(A|$(A",
            "cost: $5|cost: $5",
            "trailing $|trailing $",
            "$(EMPTY)x|x",
            "no vars|no vars",
    })
    void expandsAsKubernetes(String input, String expected) {
        assertEquals(expected, Expansion.expand(input, VARS::get));
    }
}
