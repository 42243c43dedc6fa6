package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeManifestsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123456789Z");
    private static final SimulationSettings SETTINGS = SimulationSettings.from(Map.of("count", "3", "cpu", "16"));

    @Test
    void aNodeLooksLikeAReadyKubeletNode() {
        JsonNode node = NodeManifests.node("sim-node-2", 2, SETTINGS, NOW);

        JsonNode labels = node.path("metadata").path("labels");
        assertEquals("sim-node-2", labels.path("kubernetes.io/hostname").asText());
        assertEquals("linux", labels.path("kubernetes.io/os").asText());
        assertEquals("amd64", labels.path("kubernetes.io/arch").asText());
        assertEquals("simulated", labels.path("node.kubernetes.io/instance-type").asText());
        assertEquals("simulated", labels.path("type").asText());
        assertEquals("10.128.2.0/24", node.path("spec").path("podCIDR").asText());
        JsonNode status = node.path("status");
        assertEquals("16", status.path("capacity").path("cpu").asText());
        assertEquals("32Gi", status.path("allocatable").path("memory").asText());
        assertEquals("110", status.path("allocatable").path("pods").asText());
        assertTrue(status.path("capacity").has("ephemeral-storage"));
        assertEquals("172.16.0.3", status.path("addresses").get(0).path("address").asText());
        assertEquals("Hostname", status.path("addresses").get(1).path("type").asText());
        assertEquals("v1.33.0", status.path("nodeInfo").path("kubeletVersion").asText());
        assertEquals("Timonel simulated node", status.path("nodeInfo").path("osImage").asText());
        assertEquals("simulated://1.0", status.path("nodeInfo").path("containerRuntimeVersion").asText());
        JsonNode ready = status.path("conditions").get(3);
        assertEquals("Ready", ready.path("type").asText());
        assertEquals("True", ready.path("status").asText());
        assertEquals("KubeletReady", ready.path("reason").asText());
        assertEquals("2026-11-23T10:00:00Z", ready.path("lastHeartbeatTime").asText());
    }

    @Test
    void aConditionThatDoesNotChangeKeepsItsTransitionTime() {
        List<NodeCondition> previous = List.of(
                new NodeConditionBuilder().withType("MemoryPressure").withStatus("False")
                        .withLastTransitionTime("2026-11-01T00:00:00Z").build(),
                new NodeConditionBuilder().withType("Ready").withStatus("Unknown")
                        .withLastTransitionTime("2026-11-20T00:00:00Z").build());

        JsonNode conditions = NodeManifests.conditions(previous, NOW);

        assertEquals("2026-11-01T00:00:00Z", conditions.get(0).path("lastTransitionTime").asText());
        assertEquals("2026-11-23T10:00:00Z", conditions.get(3).path("lastTransitionTime").asText(),
                "Ready went from Unknown to True now");
        assertFalse(NodeManifests.healthy(previous));
    }

    @Test
    void aLeaseIsHeldByItsNodeAndOwnedByIt() {
        JsonNode lease = NodeManifests.lease("sim-node-0", "uid-0", NOW);

        assertEquals("kube-node-lease", lease.path("metadata").path("namespace").asText());
        assertEquals("uid-0", lease.path("metadata").path("ownerReferences").get(0).path("uid").asText());
        assertEquals("sim-node-0", lease.path("spec").path("holderIdentity").asText());
        assertEquals(40, lease.path("spec").path("leaseDurationSeconds").asInt());
        assertEquals("2026-11-23T10:00:00.123456Z", lease.path("spec").path("renewTime").asText());
    }

    @Test
    void theRenewPatchIsValidJsonWithAMicroTime() throws Exception {
        JsonNode patch = new ObjectMapper().readTree(NodeManifests.renewPatch("sim-node-0", NOW));

        assertEquals("2026-11-23T10:00:00.123456Z", patch.path("spec").path("renewTime").asText());
        assertEquals("sim-node-0", patch.path("spec").path("holderIdentity").asText());
    }
}
