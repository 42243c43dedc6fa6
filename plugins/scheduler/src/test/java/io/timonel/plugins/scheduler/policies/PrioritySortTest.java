package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static io.timonel.plugins.scheduler.policies.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.timonel.spi.scheduler.CycleState;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import io.timonel.spi.scheduler.QueuedPod;
import io.timonel.spi.scheduler.Status;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrioritySortTest {

    @Test
    void higherPriorityFirstThenEarlierQueued() {
        PrioritySort sort = new PrioritySort();
        QueuedPod low = new QueuedPod(pod("low", "1", b -> b.editSpec().withPriority(1).endSpec()), Instant.ofEpochSecond(1), 0);
        QueuedPod high = new QueuedPod(pod("high", "1", b -> b.editSpec().withPriority(10).endSpec()), Instant.ofEpochSecond(2), 0);
        QueuedPod highLater = new QueuedPod(pod("high2", "1", b -> b.editSpec().withPriority(10).endSpec()), Instant.ofEpochSecond(3), 0);
        assertTrue(sort.compare(high, low) < 0);
        assertTrue(sort.compare(high, highLater) < 0);
        assertTrue(sort.compare(highLater, low) < 0);
    }
}
