package io.timonel.plugins.controllers.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuccessPoliciesTest {

    @ParameterizedTest(name = "indexes {0}, count {1}, completed {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            0-2 | -  | 0-2   | Matched rules at index 0
            0-2 | -  | 0,2   | -
            0-4 | 2  | 1,3   | Matched rules at index 0
            0-4 | 2  | 1,7   | -
            -   | 3  | 4-6   | Matched rules at index 0
            -   | 3  | 4-5   | -
            """)
    void firstRuleThatHoldsSucceedsTheJob(String indexes, Integer count, String completed, String expected) {
        SuccessPolicy policy = new SuccessPolicyBuilder().addNewRule().withSucceededIndexes(indexes)
                .withSucceededCount(count).endRule().build();
        assertEquals(Optional.ofNullable(expected), SuccessPolicies.matched(policy, IndexSet.parse(completed)));
    }
}
