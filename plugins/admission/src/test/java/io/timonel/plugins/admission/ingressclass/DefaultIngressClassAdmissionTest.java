package io.timonel.plugins.admission.ingressclass;

import static io.timonel.plugins.admission.testing.Fixtures.create;
import static io.timonel.plugins.admission.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.testing.FakeObjectReader;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.resource.ResourceType;
import org.junit.jupiter.api.Test;

class DefaultIngressClassAdmissionTest {
    private static final ResourceType INGRESSES = ResourceType.builder("networking.k8s.io", "v1", "Ingress",
            "ingresses").build();

    private static JsonNode ingressClass(String name, boolean isDefault, String created) {
        return json("{'metadata':{'name':'" + name + "','creationTimestamp':'" + created + "','annotations':"
                + "{'ingressclass.kubernetes.io/is-default-class':'" + isDefault + "'}},'spec':{'controller':'x'}}");
    }

    private static AdmissionResult admit(String metadata, String spec, FakeObjectReader objects) {
        return new DefaultIngressClassAdmission().admit(create(INGRESSES,
                json("{'metadata':" + metadata + ",'spec':" + spec + "}"), objects));
    }

    private static FakeObjectReader classes() {
        return new FakeObjectReader()
                .put("networking.k8s.io", "ingressclasses", ingressClass("other", false, "2026-01-01T00:00:00Z"))
                .put("networking.k8s.io", "ingressclasses", ingressClass("timonel", true, "2026-01-02T00:00:00Z"));
    }

    @Test
    void anIngressWithoutAClassGetsTheDefaultOne() {
        AdmissionResult result = admit("{'namespace':'ns','name':'web'}", "{'rules':[]}", classes());

        JsonNode ingress = assertInstanceOf(AdmissionResult.Mutated.class, result).object();
        assertEquals("timonel", ingress.path("spec").path("ingressClassName").asText());
    }

    @Test
    void theNewestDefaultWinsWhenSeveralAre() {
        FakeObjectReader objects = classes()
                .put("networking.k8s.io", "ingressclasses", ingressClass("newer", true, "2026-03-01T00:00:00Z"));

        JsonNode ingress = assertInstanceOf(AdmissionResult.Mutated.class,
                admit("{'namespace':'ns','name':'web'}", "{}", objects)).object();
        assertEquals("newer", ingress.path("spec").path("ingressClassName").asText());
    }

    @Test
    void aNamedClassOrTheLegacyAnnotationIsKept() {
        assertInstanceOf(AdmissionResult.Allowed.class,
                admit("{'namespace':'ns','name':'web'}", "{'ingressClassName':'other'}", classes()));
        assertInstanceOf(AdmissionResult.Allowed.class, admit(
                "{'namespace':'ns','name':'web','annotations':{'kubernetes.io/ingress.class':'other'}}", "{}", classes()));
    }

    @Test
    void withoutADefaultClassTheIngressIsLeftAlone() {
        FakeObjectReader none = new FakeObjectReader()
                .put("networking.k8s.io", "ingressclasses", ingressClass("other", false, "2026-01-01T00:00:00Z"));

        assertInstanceOf(AdmissionResult.Allowed.class, admit("{'namespace':'ns','name':'web'}", "{}", none));
    }
}
