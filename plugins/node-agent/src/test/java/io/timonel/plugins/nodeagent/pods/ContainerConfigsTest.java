package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.timonel.spi.runtime.ContainerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerConfigsTest {
    final NodeIdentity node = new NodeIdentity("node-1", "192.168.1.10", "h", Path.of("/state"), null,
            "cluster.local", Path.of("/etc/resolv.conf"));

    @Test
    void containerCarriesItsPodsLabelsAndOursAndTheSecurityOfBothLevels() {
        var c = new ContainerBuilder().withName("app").withImage("busybox:local").withCommand("sh").withArgs("-c", "x")
                .withWorkingDir("/w").withTty(true).withNewSecurityContext().withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withAdd("CAP_NET_ADMIN").withDrop("ALL").endCapabilities().endSecurityContext()
                .build();
        var pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u")
                .addToLabels("app", "web").addToLabels(Labels.POD_NAME, "spoofed").endMetadata()
                .withNewSpec().withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(3000L).endSecurityContext()
                .withContainers(c).endSpec().build();
        ContainerConfig config = ContainerConfigs.of(pod, c, 2, List.of(), List.of(), Path.of("/state/pods/u/etc-hosts"),
                node);
        assertEquals("web", config.labels().get("app"));
        assertEquals("p", config.labels().get(Labels.POD_NAME));
        assertEquals("node-1", config.labels().get(Labels.NODE));
        assertEquals("app", config.labels().get(Labels.CONTAINER_NAME));
        assertEquals("app/2.log", config.logPath());
        assertEquals(List.of("sh"), config.command());
        assertEquals(List.of("-c", "x"), config.args());
        assertEquals("/w", config.workingDir());
        assertTrue(config.tty());
        assertEquals(new ContainerConfig.Security(1000L, 3000L, true, false, List.of("NET_ADMIN"), List.of("ALL")),
                config.security());
        assertEquals(List.of(new ContainerConfig.Mount("/state/pods/u/etc-hosts", "/etc/hosts", false)), config.mounts());
    }

    @Test
    void aContainerMountingItsOwnHostsFileKeepsIt() {
        var c = new ContainerBuilder().withName("app").withImage("busybox:local").build();
        var pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u").endMetadata()
                .withNewSpec().withContainers(c).endSpec().build();
        var own = new ContainerConfig.Mount("/mine", "/etc/hosts", true);
        ContainerConfig config = ContainerConfigs.of(pod, c, 0, List.of(), List.of(own), Path.of("/h"), node);
        assertEquals(List.of(own), config.mounts());
        assertNull(config.workingDir());
        assertEquals(ContainerConfig.Security.DEFAULT, config.security());
    }
}
