package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.nodeagent.testing.FakeClock;
import io.timonel.plugins.nodeagent.testing.FakeRuntime;
import io.timonel.spi.runtime.SandboxConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeViewTest {
    final FakeRuntime runtime = new FakeRuntime(new FakeClock());
    final List<String> changed = new ArrayList<>();
    final RuntimeView view = new RuntimeView(runtime, "node-1", changed::add);

    private String sandbox(String uid, String node) {
        return runtime.runSandbox(new SandboxConfig("p", "ns", uid, 0, "p", false, null, List.of(),
                Map.of(Labels.POD_UID, uid, Labels.NODE, node), Map.of(), "/tmp", null));
    }

    @Test
    void listingsAreSharedUntilSomeoneNeedsANewerOne() {
        RuntimeView.Snapshot first = view.newerThan(-1);
        assertSame(first, view.newerThan(-1));
        long mark = view.mark();
        assertTrue(view.newerThan(mark).generation() > mark);
    }

    @Test
    void podsOfOtherNodesAreNotListed() {
        sandbox("mine", "node-1");
        sandbox("theirs", "node-2");
        assertEquals(List.of("mine"), List.copyOf(view.relist().pods().keySet()));
    }

    @Test
    void aRelistTellsWhichPodsChanged() {
        String sb = sandbox("a", "node-1");
        view.relist();
        assertEquals(List.of("a"), changed);
        changed.clear();
        view.relist();
        assertEquals(List.of(), changed);
        runtime.stopSandbox(sb);
        view.relist();
        assertEquals(List.of("a"), changed);
    }
}
