package io.timonel.plugins.scheduler.policies;

import static io.timonel.plugins.scheduler.policies.Fixtures.node;
import static io.timonel.plugins.scheduler.policies.Fixtures.pod;
import static io.timonel.plugins.scheduler.policies.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.spi.scheduler.NodeInfo;
import io.timonel.spi.scheduler.PodInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageLocalityTest {

    private static NodeInfo withImage(String name, String image, long size) {
        return NodeInfo.of(new NodeBuilder(node(name).node()).editStatus()
                .withImages(new ContainerImage(List.of(image), size)).endStatus().build());
    }

    @Test
    void imageLocalityPrefersNodesHoldingTheImageScaledBySpread() {
        long size = 500L * 1024 * 1024;
        NodeInfo has = withImage("a", "app:1", size);
        NodeInfo lacks = node("b");
        Fixtures.FakeHandle handle = new Fixtures.FakeHandle(List.of(has, lacks));
        ImageLocality policy = new ImageLocality(handle);
        PodInfo p = pod("p", "1");
        assertEquals(0, policy.score(state(), p, lacks));
        // 500 MiB on half the nodes counts as 250 MiB: (250 - 23) / (1000 - 23) of 100
        assertEquals(23, policy.score(state(), p, has));
    }

    @Test
    void imageWithoutTagMeansLatest() {
        assertEquals("nginx:latest", ImageLocality.normalized("nginx"));
        assertEquals("registry:5000/nginx:latest", ImageLocality.normalized("registry:5000/nginx"));
        assertEquals("nginx:1.2", ImageLocality.normalized("nginx:1.2"));
    }
}
