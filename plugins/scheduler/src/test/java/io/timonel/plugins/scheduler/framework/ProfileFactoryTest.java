package io.timonel.plugins.scheduler.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.scheduler.config.SchedulerConfiguration;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.Policy;
import io.timonel.spi.scheduler.SchedulerHandle;
import io.timonel.spi.scheduler.SchedulerPlugin;
import io.timonel.spi.scheduler.Score;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProfileFactoryTest {

    /** An out-of-tree score policy, as a plugin would provide it. */
    static final class Constant implements SchedulerPlugin {
        @Override
        public String name() {
            return "Constant";
        }

        @Override
        public Policy create(JsonNode args, SchedulerHandle handle) {
            long value = args.path("value").asLong(7);
            return new Score() {
                @Override
                public String name() {
                    return "Constant";
                }

                @Override
                public long score(CycleState state, PodInfo pod, NodeInfo node) {
                    return value;
                }
            };
        }
    }

    private static Map<String, List<String>> build(String yaml) {
        SchedulerConfiguration config = SchedulerConfiguration.parse(yaml);
        ProfileFactory factory = new ProfileFactory(Registry.builtIns().with(List.of(new Constant())), null, Clock.systemUTC(),
                new SplittableRandom(1));
        return factory.build(config.profiles().get(0), config.percentageOfNodesToScore()).describe();
    }

    @Test
    void noFileGivesKubernetesDefaultProfile() {
        Map<String, List<String>> p = build("kind: KubeSchedulerConfiguration\n");
        assertEquals(List.of("PrioritySort"), p.get("queueSort"));
        assertEquals(List.of("NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
                "PodTopologySpread", "InterPodAffinity"), p.get("filter"));
        assertEquals(List.of("TaintToleration=3", "NodeAffinity=2", "NodeResourcesFit=1", "PodTopologySpread=2",
                "InterPodAffinity=2", "NodeResourcesBalancedAllocation=1", "ImageLocality=1"), p.get("score"));
        assertEquals(List.of("DefaultPreemption"), p.get("postFilter"));
        assertEquals(List.of("DefaultBinder"), p.get("bind"));
    }

    @Test
    void stageDisabledRemovesAPolicyFromThatStageOnly() {
        Map<String, List<String>> p = build("""
                profiles:
                - schedulerName: s
                  plugins:
                    filter:
                      disabled: [{name: TaintToleration}]
                    score:
                      enabled: [{name: NodeResourcesFit, weight: 5}, {name: Constant, weight: 2}]
                      disabled: [{name: ImageLocality}]
                """);
        assertFalse(p.get("filter").contains("TaintToleration"));
        assertTrue(p.get("score").contains("TaintToleration=3"));
        assertTrue(p.get("score").contains("NodeResourcesFit=5"), p.get("score").toString());
        assertTrue(p.get("score").contains("Constant=2"));
        assertFalse(p.get("score").stream().anyMatch(s -> s.startsWith("ImageLocality")));
    }

    @Test
    void disablingEveryScoreLeavesOnlyWhatIsEnabled() {
        Map<String, List<String>> p = build("""
                profiles:
                - plugins:
                    score:
                      disabled: [{name: '*'}]
                      enabled: [{name: Constant}]
                """);
        assertEquals(List.of("Constant=1"), p.get("score"));
    }

    @Test
    void unknownPolicyOrStageIsRefusedWithItsName() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> build("profiles:\n- plugins:\n    score:\n      enabled: [{name: Nope}]\n"));
        assertTrue(unknown.getMessage().contains("Nope"));
        assertThrows(IllegalArgumentException.class, () -> build("profiles:\n- plugins:\n    sideways:\n      enabled: []\n"));
    }

    @Test
    void enablingAPolicyAtAStageItDoesNotImplementIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> build("profiles:\n- plugins:\n    filter:\n      enabled: [{name: ImageLocality}]\n"));
    }

    @Test
    void duplicateOutOfTreeNameFailsAtStartUp() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Registry.builtIns().with(List.of(new Constant(), new Constant())));
        assertTrue(e.getMessage().contains("Constant"));
    }

    @Test
    void twoProfilesWithOneNameAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SchedulerConfiguration.parse(
                "profiles:\n- schedulerName: a\n- schedulerName: a\n"));
    }
}
