package io.timonel.plugins.nodeagent.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.timonel.spi.runtime.ContainerConfig;
import org.junit.jupiter.api.Test;

class ContainerResourcesTest {

    @Test
    void requestsGiveSharesAndLimitsGiveQuotaAndMemory() {
        var c = new ContainerBuilder().withName("c").withNewResources()
                .addToRequests("cpu", new Quantity("250m")).addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("64Mi")).endResources().build();
        assertEquals(new ContainerConfig.Resources(256, 50_000, 100_000, 64L * 1024 * 1024), ContainerResources.of(c));
    }

    @Test
    void noResourcesGiveTheMinimumSharesAndNoLimits() {
        var c = new ContainerBuilder().withName("c").build();
        assertEquals(new ContainerConfig.Resources(2, 0, 0, 0), ContainerResources.of(c));
    }

    @Test
    void aLimitAloneIsAlsoTheRequestAndTinyQuotasAreRaisedToOneMillisecond() {
        var c = new ContainerBuilder().withName("c").withNewResources().addToLimits("cpu", new Quantity("5m"))
                .endResources().build();
        assertEquals(new ContainerConfig.Resources(5, 1_000, 100_000, 0), ContainerResources.of(c));
    }
}
