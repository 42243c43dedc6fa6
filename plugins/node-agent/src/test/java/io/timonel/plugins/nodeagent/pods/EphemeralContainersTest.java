package io.timonel.plugins.nodeagent.pods;

import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.pod;
import static io.timonel.plugins.nodeagent.pods.PodSyncHarness.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class EphemeralContainersTest {

    @Test
    void runsAsAContainerWithItsFieldsAndWithoutWhatEphemeralContainersMayNotHave() {
        EphemeralContainer e = new EphemeralContainerBuilder().withName("debugger").withImage("busybox:local")
                .withImagePullPolicy("Never").withCommand("sh").withArgs("-c", "id").withWorkingDir("/tmp")
                .addNewEnv().withName("A").withValue("1").endEnv()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .withNewSecurityContext().withRunAsUser(1000L).endSecurityContext()
                .withStdin(true).withStdinOnce(true).withTty(true)
                .withTerminationMessagePath("/dev/termination-log").withTerminationMessagePolicy("File")
                .withTargetContainerName("main").withRestartPolicy("Always")
                .withNewReadinessProbe().withNewExec().withCommand("true").endExec().endReadinessProbe()
                .build();
        Container c = EphemeralContainers.asContainer(e);
        assertEquals("debugger", c.getName());
        assertEquals("busybox:local", c.getImage());
        assertEquals("Never", c.getImagePullPolicy());
        assertEquals(List.of("sh"), c.getCommand());
        assertEquals(List.of("-c", "id"), c.getArgs());
        assertEquals("/tmp", c.getWorkingDir());
        assertEquals("A", c.getEnv().get(0).getName());
        assertEquals("/data", c.getVolumeMounts().get(0).getMountPath());
        assertEquals(1000L, c.getSecurityContext().getRunAsUser());
        assertTrue(c.getStdin() && c.getStdinOnce() && c.getTty());
        assertEquals("File", c.getTerminationMessagePolicy());
        assertNull(c.getRestartPolicy(), "never restarted");
        assertNull(c.getReadinessProbe(), "never probed");
        assertFalse(c.getAdditionalProperties().containsKey("targetContainerName"));
    }

    @Test
    void eventsNameTheEphemeralContainersList() {
        Pod p = pod("web", "Always", spec("main")).editSpec()
                .addToEphemeralContainers(PodSyncHarness.debugger("debugger")).endSpec().build();
        Container debugger = EphemeralContainers.of(p.getSpec()).get(0);
        assertEquals("spec.ephemeralContainers{debugger}", ContainerActions.fieldPath(p, debugger, false));
        assertEquals("spec.containers{main}", ContainerActions.fieldPath(p, spec("main"), false));
        assertTrue(EphemeralContainers.has(p.getSpec(), "debugger"));
        assertFalse(EphemeralContainers.has(p.getSpec(), "main"));
        assertEquals(List.of(), EphemeralContainers.of(pod("plain", "Always", spec("main")).build().getSpec()));
    }
}
