package io.timonel.plugins.netiptables.netpol;

import static io.timonel.plugins.netiptables.netpol.Fixtures.NODE;
import static io.timonel.plugins.netiptables.netpol.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySyncTest {
    private final FakeIptables iptables = new FakeIptables();
    private final PolicySync sync = new PolicySync(iptables, new PolicyCompiler(DenyAction.DROP, true));
    private final Pod a = pod("ns", "a", NODE, "10.42.0.2");
    private final Pod b = pod("ns", "b", NODE, "10.42.0.3");
    private final NetworkPolicy denyAll = new NetworkPolicyBuilder().withNewMetadata().withNamespace("ns")
            .withName("deny").endMetadata().withNewSpec().withPodSelector(new LabelSelector()).endSpec().build();

    /** Applies transactions to a set of chains the way iptables-restore --noflush would, and records them. */
    static final class FakeIptables implements Iptables {
        final List<String> restored = new ArrayList<>();
        String save = "*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n";
        boolean failNext;

        @Override
        public Outcome save() {
            return Outcome.success(save);
        }

        @Override
        public Outcome restore(String input) {
            if (failNext) {
                failNext = false;
                return Outcome.failure("iptables-restore: line 3 failed");
            }
            restored.add(input);
            return Outcome.success("");
        }
    }

    private PolicyInputs inputs(List<Pod> pods, NetworkPolicy... policies) {
        return new PolicyInputs(NODE, List.of(policies), pods, List.of());
    }

    @Test
    void aChangeAfterTheFirstSyncRewritesOnlyTheChainsItTouches() {
        assertTrue(sync.sync(inputs(List.of(a), denyAll), false).ok());
        assertTrue(sync.sync(inputs(List.of(a, b), denyAll), false).ok());

        String second = iptables.restored.get(1);
        assertTrue(second.contains(":" + ChainNames.ROOT + " "), second);
        assertTrue(second.contains(":" + ChainNames.ingress("ns", "b") + " "), second);
        assertFalse(second.contains(ChainNames.ingress("ns", "a") + " - [0:0]"), "a's chain did not change: " + second);
        assertFalse(second.contains("-I FORWARD"), "the jumps are in place: " + second);
    }

    @Test
    void anUnchangedClusterWritesNothing() {
        sync.sync(inputs(List.of(a), denyAll), false);

        PolicySync.Result again = sync.sync(inputs(List.of(a), denyAll), false);

        assertEquals(PolicySync.Result.done(0), again);
        assertEquals(1, iptables.restored.size());
    }

    @Test
    void aFailedWriteMakesTheNextSyncRereadAndRewriteEverything() {
        sync.sync(inputs(List.of(a), denyAll), false);
        iptables.failNext = true;
        assertFalse(sync.sync(inputs(List.of(a, b), denyAll), false).ok());

        assertTrue(sync.sync(inputs(List.of(a, b), denyAll), false).ok());

        String rewrite = iptables.restored.get(1);
        assertTrue(rewrite.contains(":" + ChainNames.ingress("ns", "a") + " "), rewrite);
        assertTrue(rewrite.contains("-I FORWARD 1"), "the saved table has no jump: " + rewrite);
    }

    @Test
    void removingTheLastPolicyRemovesTheChainsAndJumps() {
        sync.sync(inputs(List.of(a), denyAll), false);

        assertTrue(sync.sync(inputs(List.of(a)), false).ok());

        String last = iptables.restored.get(1);
        assertTrue(last.contains("-D FORWARD") && last.contains("-D OUTPUT"), last);
        assertTrue(last.contains("-X " + ChainNames.ROOT + "\n") && last.contains("-X " + ChainNames.ingress("ns", "a")), last);
    }

    @Test
    void teardownRemovesWhatTheTableShows() {
        iptables.save = "*filter\n:TIMONEL-NETPOL - [0:0]\n:TIMONEL-NP-IN-AAAAAAAAAAAA - [0:0]\n"
                + "-A OUTPUT -m comment --comment \"timonel network policy\" -j TIMONEL-NETPOL\nCOMMIT\n";

        assertTrue(sync.teardown().ok());

        String last = iptables.restored.get(iptables.restored.size() - 1);
        assertTrue(last.contains("-D OUTPUT"), last);
        assertFalse(last.contains("-D FORWARD"), last);
        assertTrue(last.contains("-X TIMONEL-NETPOL\n"), last);
    }
}
