package io.timonel.plugins.nodeagent.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceFieldsTest {
    static final Map<String, Quantity> NODE = Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
            "ephemeral-storage", new Quantity("100Gi"));
    static final Container LIMITED = new ContainerBuilder().withName("app").withNewResources()
            .addToLimits("cpu", new Quantity("500m")).addToLimits("memory", new Quantity("128Mi"))
            .addToRequests("cpu", new Quantity("250m")).endResources().build();
    static final Container UNLIMITED = new ContainerBuilder().withName("app").build();

    @ParameterizedTest(name = "{0} {1} / {2} = {3}")
    @CsvSource({
            "limited, limits.cpu, , 1",
            "limited, limits.cpu, 1m, 500",
            "limited, requests.cpu, 1m, 250",
            "limited, requests.cpu, 1, 1",
            "limited, limits.memory, , 134217728",
            "limited, limits.memory, 1Mi, 128",
            "limited, requests.memory, 1Mi, 128",
            "unlimited, limits.cpu, 1m, 4000",
            "unlimited, limits.memory, 1Gi, 8",
            "unlimited, requests.memory, , 0",
            "unlimited, limits.ephemeral-storage, 1Gi, 100",
    })
    void valuesAreRoundedUpOverTheDivisor(String which, String resource, String divisor, String expected) {
        ResourceFieldSelector ref = new ResourceFieldSelector(null, divisor == null ? null : new Quantity(divisor), resource);
        Container c = which.equals("limited") ? LIMITED : UNLIMITED;
        assertEquals(expected, ResourceFields.value(c, ref, NODE).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"limits.gpu", "cpu", "requests.nvidia.com/gpu"})
    void unsupportedResourcesAreNotResolved(String resource) {
        assertTrue(ResourceFields.value(LIMITED, new ResourceFieldSelector(null, null, resource), NODE).isEmpty());
    }
}
