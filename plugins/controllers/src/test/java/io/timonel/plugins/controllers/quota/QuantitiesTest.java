package io.timonel.plugins.controllers.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({
            "500m,1,1500m", "500m,500m,1", "128Mi,256Mi,384Mi", "512Mi,512Mi,1Gi", "1,2,3", "0,0,0",
            "999,1,1k", "1Gi,0,1Gi", "100m,0.1,200m", "1e3,0,1k", "1000,24,1024"})
    void sumsAreWrittenCanonically(String a, String b, String sum) {
        Quantities total = Quantities.ZERO.plus(Quantities.parse(a).orElseThrow()).plus(Quantities.parse(b).orElseThrow());
        assertEquals(sum, total.format());
    }

    @Test
    void aPodChargesItsContainersOrItsLargestInitContainer() {
        var pod = new PodBuilder().withNewSpec()
                .addNewContainer().withName("a").withNewResources().withRequests(Map.of("cpu", new Quantity("200m"),
                        "memory", new Quantity("64Mi"))).endResources().endContainer()
                .addNewContainer().withName("b").withNewResources().withRequests(Map.of("cpu", new Quantity("300m")))
                .endResources().endContainer()
                .addNewInitContainer().withName("init").withNewResources().withRequests(Map.of("cpu", new Quantity("1"),
                        "memory", new Quantity("32Mi"))).endResources().endInitContainer()
                .endSpec().build();
        Map<String, Quantities> usage = Usage.of(pod);
        assertEquals("1", usage.get("requests.cpu").format());
        assertEquals("64Mi", usage.get("requests.memory").format());
        assertEquals("1", usage.get("pods").format());
        assertEquals("1", usage.get("cpu").format(), "the bare name means requests");
    }
}
