package io.timonel.plugins.admission.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "500m, 0.5", "1, 1", "2.5, 2.5", "100n, 0.0000001", "3u, 0.000003",
            "1k, 1000", "2M, 2000000", "1G, 1000000000", "1Ki, 1024", "128Mi, 134217728", "1Gi, 1073741824",
            "1.5Gi, 1610612736", "1e3, 1000", "2E6, 2000000", "5e-3, 0.005", "0, 0", ".5, 0.5", "+3, 3"})
    void parsesEverySuffixToItsExactValue(String text, String value) {
        assertEquals(0, Quantity.parse(text).orElseThrow().value().compareTo(new BigDecimal(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1KB", "1 Gi", "m", "1.2.3", "--1"})
    void rejectsWhatIsNotAQuantity(String text) {
        assertTrue(Quantity.parse(text).isEmpty());
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"1000m, 1", "1500m, 1500m", "0.5, 500m", "2, 2", "1024Mi, 1Gi", "1536Mi, 1536Mi",
            "2000, 2k", "1Ki, 1Ki", "1e3, 1e3", "100Mi, 100Mi", "0, 0"})
    void printsInKubernetesCanonicalForm(String text, String printed) {
        assertEquals(printed, Quantity.parse(text).orElseThrow().toString());
    }

    @org.junit.jupiter.api.Test
    void sumsKeepTheNotationOfTheFirstOperand() {
        Quantity sum = Quantity.parse("512Mi").orElseThrow().plus(Quantity.parse("512Mi").orElseThrow());
        assertEquals("1Gi", sum.toString());
        assertEquals("1500m", Quantity.ZERO.plus(Quantity.parse("1").orElseThrow())
                .plus(Quantity.parse("500m").orElseThrow()).toString());
    }
}
