package io.timonel.plugins.coreapi.policy;

import static io.timonel.plugins.coreapi.support.Fixtures.fields;
import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.timonel.plugins.coreapi.CoreApiTypes;
import io.timonel.spi.resource.ResourceType;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodDisruptionBudgetRulesTest {
    private static final ResourceType BUDGETS = new CoreApiTypes(Clock.systemUTC()).resourceTypes().stream()
            .filter(t -> t.plural().equals("poddisruptionbudgets")).findFirst().orElseThrow();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an integer                | {minAvailable: 2}            | ''",
            "a percentage              | {maxUnavailable: '30%'}      | ''",
            "over 100%                 | {minAvailable: '200%'}       | spec.minAvailable",
            "not a percentage          | {maxUnavailable: 'half'}     | spec.maxUnavailable",
            "negative                  | {minAvailable: -1}           | spec.minAvailable",
            "both set                  | {minAvailable: 1, maxUnavailable: 1} | spec"})
    void budgetsAreIntegersOrPercentagesUpTo100(String rule, String spec, String field) {
        var pdb = json("{apiVersion:'policy/v1',kind:'PodDisruptionBudget',metadata:{name:'b'},spec:" + spec + "}");
        List<String> expected = field.isEmpty() ? List.of() : List.of(field);
        assertEquals(expected, fields(BUDGETS.validator().validate(pdb, null)), rule);
    }
}
