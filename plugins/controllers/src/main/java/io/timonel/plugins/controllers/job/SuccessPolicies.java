package io.timonel.plugins.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;
import java.util.BitSet;
import java.util.Optional;

/**
 * {@code spec.successPolicy} of an Indexed job: the job succeeds early once one rule holds. A rule
 * with {@code succeededIndexes} wants those indexes completed (or, with {@code succeededCount},
 * that many of them); a rule with only {@code succeededCount} wants that many indexes completed.
 */
final class SuccessPolicies {
    private SuccessPolicies() {
    }

    /** The SuccessCriteriaMet message of the first rule that holds, if one does. */
    static Optional<String> matched(SuccessPolicy policy, BitSet completed) {
        if (policy == null || policy.getRules() == null) {
            return Optional.empty();
        }
        for (int i = 0; i < policy.getRules().size(); i++) {
            SuccessPolicyRule rule = policy.getRules().get(i);
            boolean holds;
            if (rule.getSucceededIndexes() != null) {
                BitSet wanted = IndexSet.parse(rule.getSucceededIndexes());
                BitSet done = (BitSet) wanted.clone();
                done.and(completed);
                holds = rule.getSucceededCount() != null ? done.cardinality() >= rule.getSucceededCount()
                        : done.cardinality() == wanted.cardinality();
            } else {
                holds = rule.getSucceededCount() != null && completed.cardinality() >= rule.getSucceededCount();
            }
            if (holds) {
                return Optional.of("Matched rules at index " + i);
            }
        }
        return Optional.empty();
    }
}
