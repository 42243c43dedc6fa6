package io.timonel.examples.schedulerpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Policy;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.SchedulerPlugin;
import io.timonel.spi.scheduler.Score;
import org.pf4j.Extension;

/**
 * A third-party Score policy: nodes carrying the label {@code args.label} (with the value
 * {@code args.value}, when given) score 100, others 0. Enable it in a scheduler configuration:
 * <pre>
 * profiles:
 * - schedulerName: default-scheduler
 *   plugins:
 *     score:
 *       enabled: [{name: PreferLabel, weight: 10}]
 *   pluginConfig:
 *   - name: PreferLabel
 *     args: {label: example.timonel.io/fast, value: "true"}
 * </pre>
 */
@Extension
public final class PreferLabel implements SchedulerPlugin {

    public static final String NAME = "PreferLabel";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Policy create(JsonNode args, SchedulerHandle handle) {
        String label = args.path("label").asText("");
        if (label.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": args.label is required");
        }
        String value = args.hasNonNull("value") ? args.get("value").asText() : null;
        return new Scorer(label, value);
    }

    /** The policy instance of one profile. */
    static final class Scorer implements Score {
        private final String label;
        private final String value;

        Scorer(String label, String value) {
            this.label = label;
            this.value = value;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public long score(CycleState state, PodInfo pod, NodeInfo node) {
            String have = node.labels().get(label);
            return have != null && (value == null || value.equals(have)) ? MAX_SCORE : 0;
        }
    }
}
