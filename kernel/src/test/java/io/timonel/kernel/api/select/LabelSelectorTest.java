package io.timonel.kernel.api.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.kernel.json.Json;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {
    private static final JsonNode WEB = labelled("{\"suite\":\"sel\",\"tier\":\"web\"}");
    private static final JsonNode DB = labelled("{\"suite\":\"sel\",\"tier\":\"db\"}");
    private static final JsonNode BARE = labelled("{}");

    private static JsonNode labelled(String labels) {
        try {
            return Json.MAPPER.readTree("{\"metadata\":{\"labels\":" + labels + "}}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} selects web={1} db={2} bare={3}")
    @CsvSource(delimiter = '|', value = {
        "suite=sel,tier=web         | true  | false | false",
        "tier==web                  | true  | false | false",
        "suite=sel,tier!=web        | false | true  | false",
        "tier!=web                  | false | true  | true",
        "tier in (web,db)           | true  | true  | false",
        "suite=sel,tier notin (web) | false | true  | false",
        "tier notin (web)           | false | true  | true",
        "tier                       | true  | true  | false",
        "!tier                      | false | false | true",
        "''                         | true  | true  | true",
    })
    void selectsAsKubernetesDoes(String selector, boolean web, boolean db, boolean bare) {
        LabelSelector s = LabelSelector.parse(selector);
        assertEquals(List.of(web, db, bare), List.of(s.test(WEB), s.test(DB), s.test(BARE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tier in web", "a=b=c=", "-bad=x", "a in (b", ",", "a=-x"})
    void malformedSelectorsAreRefused(String selector) {
        assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(selector));
    }
}
