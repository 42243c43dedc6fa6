package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.timonel.spi.scheduler.ClusterAccess;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.PostFilter;
import io.timonel.spi.scheduler.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultBinderTest {

    @Test
    void defaultBinderBindsThroughTheCluster() throws Exception {
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(List.of());
        assertTrue(new DefaultBinder(handle.cluster()).bind(state(), pod("p", "1"), "n1").toCompletableFuture().get().isSuccess());
    }
}
