package io.timonel.kernel.api.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"matchLabels\":{\"tier\":\"web\",\"app\":\"shop\"}}                              | app=shop,tier=web",
        "{\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"In\",\"values\":[\"b\",\"a\"]}]} | env in (a,b)",
        "{\"matchExpressions\":[{\"key\":\"env\",\"operator\":\"NotIn\",\"values\":[\"x\"]}]}   | env notin (x)",
        "{\"matchExpressions\":[{\"key\":\"gpu\",\"operator\":\"Exists\"},{\"key\":\"canary\",\"operator\":\"DoesNotExist\"}]} | gpu,!canary",
        "{\"app\":\"legacy\"}                                                                 | app=legacy",
        "{}                                                                                   | ''",
    })
    void selectorsAreWrittenInTheirStringForm(String selector, String text) throws Exception {
        assertEquals(text, SelectorText.of(JSON.readTree(selector)));
    }
}
