package io.timonel.plugins.controllers.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {
    private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front");

    @ParameterizedTest(name = "\"{0}\" selects app=web,tier=front: {1}")
    @CsvSource(delimiter = '|', value = {
            "''|true",
            "app=web|true",
            "app==web|true",
            "app!=web|false",
            "app=web,tier=back|false",
            "app in (api, web)|true",
            "app notin (web)|false",
            "tier in (front),app|true",
            "!canary|true",
            "!app|false",
            "canary|false"})
    void parsedSelectorsMatchAsKubernetesDoes(String selector, boolean expected) {
        assertEquals(expected, LabelSelectors.parse(selector).orElseThrow().test(LABELS));
    }

    @Test
    void unparseableSelectorIsEmpty() {
        assertTrue(LabelSelectors.parse("app in web)").isEmpty());
        assertTrue(LabelSelectors.parse("app in (web").isEmpty());
    }

    @Test
    void structuredSelectorsNullSelectsNothingEmptySelectsEverything() {
        assertEquals(false, LabelSelectors.of(null).test(LABELS));
        assertEquals(true, LabelSelectors.of(new LabelSelectorBuilder().build()).test(LABELS));
        assertEquals(true, LabelSelectors.of(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "web"))
                .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front").endMatchExpression()
                .build()).test(LABELS));
        assertEquals(false, LabelSelectors.of(new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("tier").withOperator("DoesNotExist").endMatchExpression()
                .build()).test(LABELS));
    }
}
