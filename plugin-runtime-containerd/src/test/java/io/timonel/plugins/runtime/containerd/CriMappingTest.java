package io.timonel.plugins.runtime.containerd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.plugins.runtime.containerd.cri.ContainerMetadata;
import io.timonel.plugins.runtime.containerd.cri.ContainerState;
import io.timonel.plugins.runtime.containerd.cri.ImageSpec;
import io.timonel.plugins.runtime.containerd.cri.NamespaceMode;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxNetworkStatus;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxState;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxStatus;
import io.timonel.plugins.runtime.containerd.cri.Protocol;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.SandboxConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriMappingTest {

    private static SandboxConfig sandbox(boolean hostNetwork) {
        return new SandboxConfig("web", "default", "uid-1", 2, "web-0", hostNetwork,
                new SandboxConfig.DnsSettings(List.of("10.43.0.10"), List.of("svc.cluster.local"), List.of("ndots:5")),
                List.of(new SandboxConfig.PortMapping("UDP", 53, 5353, null)), Map.of("l", "1"), Map.of("a", "2"),
                "/var/log/pods/default_web_uid-1", "/kubepods/poduid-1");
    }

    @Test
    void containerStatesMapOneToOne() {
        assertEquals(ContainerStatus.State.CREATED, CriMapping.state(ContainerState.CONTAINER_CREATED));
        assertEquals(ContainerStatus.State.RUNNING, CriMapping.state(ContainerState.CONTAINER_RUNNING));
        assertEquals(ContainerStatus.State.EXITED, CriMapping.state(ContainerState.CONTAINER_EXITED));
        assertEquals(ContainerStatus.State.UNKNOWN, CriMapping.state(ContainerState.CONTAINER_UNKNOWN));
    }

    @Test
    void sandboxCarriesMetadataDnsPortsAndLogDirectory() {
        var c = CriMapping.sandboxConfig(sandbox(false), false);
        assertEquals("web", c.getMetadata().getName());
        assertEquals("default", c.getMetadata().getNamespace());
        assertEquals("uid-1", c.getMetadata().getUid());
        assertEquals(2, c.getMetadata().getAttempt());
        assertEquals("web-0", c.getHostname());
        assertEquals(List.of("10.43.0.10"), c.getDnsConfig().getServersList());
        assertEquals(List.of("ndots:5"), c.getDnsConfig().getOptionsList());
        assertEquals(Protocol.UDP, c.getPortMappings(0).getProtocol());
        assertEquals(5353, c.getPortMappings(0).getHostPort());
        assertEquals("/var/log/pods/default_web_uid-1", c.getLogDirectory());
        assertEquals("/kubepods/poduid-1", c.getLinux().getCgroupParent());
        assertEquals(NamespaceMode.POD, c.getLinux().getSecurityContext().getNamespaceOptions().getNetwork());
        assertFalse(c.getLinux().getSecurityContext().getPrivileged());
        assertEquals(Map.of("l", "1"), c.getLabelsMap());
        assertEquals(Map.of("a", "2"), c.getAnnotationsMap());
    }

    @Test
    void hostNetworkSandboxUsesTheNodesNamespaceAndKeepsItsHostname() {
        var c = CriMapping.sandboxConfig(sandbox(true), true);
        assertEquals(NamespaceMode.NODE, c.getLinux().getSecurityContext().getNamespaceOptions().getNetwork());
        assertEquals("", c.getHostname());
        assertTrue(c.getLinux().getSecurityContext().getPrivileged());
    }

    @Test
    void containerCarriesCommandEnvMountsResourcesAndSecurity() {
        ContainerConfig config = new ContainerConfig("app", 1, "busybox:local", List.of("sh"), List.of("-c", "true"), "/work",
                List.of(new ContainerConfig.EnvVar("A", "1")), List.of(new ContainerConfig.Mount("/host", "/data", true)),
                Map.of("l", "1"), Map.of(), true, true, true, new ContainerConfig.Resources(256, 50_000, 100_000, 1 << 20),
                new ContainerConfig.Security(1000L, 2000L, true, false, List.of("NET_ADMIN"), List.of("ALL")), "app/1.log");
        var c = CriMapping.containerConfig(config, true);
        assertEquals("app", c.getMetadata().getName());
        assertEquals(1, c.getMetadata().getAttempt());
        assertEquals("busybox:local", c.getImage().getImage());
        assertEquals(List.of("sh"), c.getCommandList());
        assertEquals(List.of("-c", "true"), c.getArgsList());
        assertEquals("/work", c.getWorkingDir());
        assertEquals("A", c.getEnvs(0).getKey());
        assertEquals("/data", c.getMounts(0).getContainerPath());
        assertTrue(c.getMounts(0).getReadonly());
        assertEquals("app/1.log", c.getLogPath());
        assertTrue(c.getTty() && c.getStdin() && c.getStdinOnce());
        var r = c.getLinux().getResources();
        assertEquals(256, r.getCpuShares());
        assertEquals(50_000, r.getCpuQuota());
        assertEquals(100_000, r.getCpuPeriod());
        assertEquals(1 << 20, r.getMemoryLimitInBytes());
        var s = c.getLinux().getSecurityContext();
        assertEquals(1000, s.getRunAsUser().getValue());
        assertEquals(2000, s.getRunAsGroup().getValue());
        assertTrue(s.getReadonlyRootfs());
        assertEquals(List.of("NET_ADMIN"), s.getCapabilities().getAddCapabilitiesList());
        assertEquals(List.of("ALL"), s.getCapabilities().getDropCapabilitiesList());
        assertEquals(NamespaceMode.NODE, s.getNamespaceOptions().getNetwork());
    }

    @Test
    void defaultSecurityLeavesUserUnset() {
        ContainerConfig config = new ContainerConfig("app", 0, "busybox:local", List.of(), List.of(), null, List.of(),
                List.of(), Map.of(), Map.of(), false, false, false, ContainerConfig.Resources.NONE,
                ContainerConfig.Security.DEFAULT, null);
        var s = CriMapping.containerConfig(config, false).getLinux().getSecurityContext();
        assertFalse(s.hasRunAsUser());
        assertFalse(s.hasRunAsGroup());
        assertEquals(NamespaceMode.POD, s.getNamespaceOptions().getNetwork());
    }

    @Test
    void exitedContainerStatusKeepsReasonExitCodeAndTimes() {
        var cri = io.timonel.plugins.runtime.containerd.cri.ContainerStatus.newBuilder()
                .setId("c1").setMetadata(ContainerMetadata.newBuilder().setName("app").setAttempt(3))
                .setState(ContainerState.CONTAINER_EXITED).setCreatedAt(1_000_000_001L).setStartedAt(2_000_000_000L)
                .setFinishedAt(3_000_000_000L).setExitCode(137).setReason("OOMKilled")
                .setImage(ImageSpec.newBuilder().setImage("docker.io/library/busybox:local")).setImageRef("sha256:abc")
                .putLabels("l", "1").build();
        ContainerStatus s = CriMapping.containerStatus(cri, "sb1");
        assertEquals("sb1", s.sandboxId());
        assertEquals(3, s.attempt());
        assertEquals(ContainerStatus.State.EXITED, s.state());
        assertEquals(Instant.ofEpochSecond(1, 1), s.createdAt());
        assertEquals(Instant.ofEpochSecond(3), s.finishedAt());
        assertEquals(137, s.exitCode());
        assertEquals("OOMKilled", s.reason());
        assertNull(s.message());
        assertEquals("sha256:abc", s.imageId());
    }

    @Test
    void notStartedContainerHasNoStartTime() {
        var cri = io.timonel.plugins.runtime.containerd.cri.ContainerStatus.newBuilder()
                .setId("c1").setState(ContainerState.CONTAINER_CREATED).setCreatedAt(5).build();
        assertNull(CriMapping.containerStatus(cri, "sb").startedAt());
    }

    @Test
    void sandboxStatusTakesTheIpOnlyWhenThereIsOne() {
        var ready = PodSandboxStatus.newBuilder().setId("s").setState(PodSandboxState.SANDBOX_READY)
                .setNetwork(PodSandboxNetworkStatus.newBuilder().setIp("10.42.0.7")).setCreatedAt(1).build();
        assertEquals("10.42.0.7", CriMapping.sandboxStatus(ready).ip());
        assertTrue(CriMapping.sandboxStatus(ready).ready());
        var hostNetwork = PodSandboxStatus.newBuilder().setId("s").setState(PodSandboxState.SANDBOX_NOTREADY)
                .setNetwork(PodSandboxNetworkStatus.newBuilder().setIp("")).build();
        assertNull(CriMapping.sandboxStatus(hostNetwork).ip());
        assertFalse(CriMapping.sandboxStatus(hostNetwork).ready());
    }
}
