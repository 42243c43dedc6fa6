package io.timonel.examples.schedulerpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Score;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreferLabelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PodInfo pod = PodInfo.of(new PodBuilder().withNewMetadata().withName("p").withNamespace("d").withUid("u")
            .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec().build());

    private static NodeInfo node(Map<String, String> labels) {
        return NodeInfo.of(new NodeBuilder().withNewMetadata().withName("n").withLabels(labels).endMetadata().build());
    }

    @Test
    void nodesWithTheLabelValueScoreMaxOthersZero() throws Exception {
        Score score = (Score) new PreferLabel().create(JSON.readTree("{\"label\":\"fast\",\"value\":\"true\"}"), null);
        assertEquals(100, score.score(new CycleState(), pod, node(Map.of("fast", "true"))));
        assertEquals(0, score.score(new CycleState(), pod, node(Map.of("fast", "false"))));
        assertEquals(0, score.score(new CycleState(), pod, node(Map.of())));
    }

    @Test
    void withoutValueAnyValueOfTheLabelCounts() throws Exception {
        Score score = (Score) new PreferLabel().create(JSON.readTree("{\"label\":\"fast\"}"), null);
        assertEquals(100, score.score(new CycleState(), pod, node(Map.of("fast", "no"))));
    }

    @Test
    void argsWithoutLabelAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PreferLabel().create(JSON.createObjectNode(), null));
    }
}
