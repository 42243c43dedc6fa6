package io.timonel.plugins.controllers.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailurePolicyTest {
    /** Rule 0: FailJob on exit code 42 of container main; rule 1: Ignore DisruptionTarget; rule 2: Count NotIn 1,2. */
    private static final PodFailurePolicy POLICY = new PodFailurePolicyBuilder()
            .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("main").withOperator("In")
            .withValues(42).endOnExitCodes().endRule()
            .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").withStatus("True")
            .endOnPodCondition().endRule()
            .addNewRule().withAction("FailJob").withNewOnExitCodes().withOperator("NotIn").withValues(1, 2)
            .endOnExitCodes().endRule()
            .build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            exit 42 in main fails the job           | main    | 42 | -                | FAIL_JOB
            exit 42 in a sidecar matches rule 2     | sidecar | 42 | -                | FAIL_JOB
            exit 1 is counted                       | main    | 1  | -                | COUNT
            a disruption is ignored                 | main    | 1  | DisruptionTarget | IGNORE
            exit 0 matches no exit-code rule        | main    | 0  | -                | COUNT
            """)
    void firstMatchingRuleDecides(String name, String container, int exitCode, String condition, String action) {
        assertEquals(FailurePolicy.Action.valueOf(action), FailurePolicy.decide(POLICY, pod(container, exitCode, condition)).action());
    }

    @org.junit.jupiter.api.Test
    void failJobExplainsWhichRuleMatched() {
        assertEquals("Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 0",
                FailurePolicy.decide(POLICY, pod("main", 42, null)).message());
    }

    @org.junit.jupiter.api.Test
    void withoutAPolicyEveryFailureCounts() {
        assertEquals(FailurePolicy.Action.COUNT, FailurePolicy.decide(null, pod("main", 42, null)).action());
    }

    private static Pod pod(String container, int exitCode, String condition) {
        PodBuilder builder = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewStatus().withPhase("Failed").addNewContainerStatus().withName(container).withNewState()
                .withNewTerminated().withExitCode(exitCode).endTerminated().endState().endContainerStatus().endStatus();
        if (condition != null) {
            builder.editStatus().addNewCondition().withType(condition).withStatus("True").endCondition().endStatus();
        }
        return builder.build();
    }
}
