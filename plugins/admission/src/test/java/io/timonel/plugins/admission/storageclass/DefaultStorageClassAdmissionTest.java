package io.timonel.plugins.admission.storageclass;

import static io.timonel.plugins.admission.testing.Fixtures.create;
import static io.timonel.plugins.admission.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.testing.FakeObjectReader;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.resource.ResourceType;
import org.junit.jupiter.api.Test;

class DefaultStorageClassAdmissionTest {
    private static final ResourceType CLAIMS = ResourceType.builder("", "v1", "PersistentVolumeClaim",
            "persistentvolumeclaims").build();

    private static JsonNode storageClass(String name, boolean isDefault, String created) {
        return json("{'metadata':{'name':'" + name + "','creationTimestamp':'" + created + "','annotations':"
                + "{'storageclass.kubernetes.io/is-default-class':'" + isDefault + "'}},'provisioner':'x'}");
    }

    private static AdmissionResult admit(String spec, FakeObjectReader objects) {
        return new DefaultStorageClassAdmission().admit(create(CLAIMS,
                json("{'metadata':{'namespace':'ns','name':'data'},'spec':" + spec + "}"), objects));
    }

    private static FakeObjectReader classes() {
        return new FakeObjectReader()
                .put("storage.k8s.io", "storageclasses", storageClass("slow", false, "2026-01-01T00:00:00Z"))
                .put("storage.k8s.io", "storageclasses", storageClass("local-path", true, "2026-01-02T00:00:00Z"));
    }

    @Test
    void aClaimWithoutAClassGetsTheDefaultOne() {
        AdmissionResult result = admit("{'accessModes':['ReadWriteOnce']}", classes());

        JsonNode claim = assertInstanceOf(AdmissionResult.Mutated.class, result).object();
        assertEquals("local-path", claim.path("spec").path("storageClassName").asText());
    }

    @Test
    void theNewestDefaultWinsWhenSeveralAre() {
        FakeObjectReader objects = classes()
                .put("storage.k8s.io", "storageclasses", storageClass("fast", true, "2026-03-01T00:00:00Z"));

        JsonNode claim = assertInstanceOf(AdmissionResult.Mutated.class, admit("{}", objects)).object();
        assertEquals("fast", claim.path("spec").path("storageClassName").asText());
    }

    @Test
    void anExplicitClassOrTheEmptyOneIsKept() {
        assertInstanceOf(AdmissionResult.Allowed.class, admit("{'storageClassName':'slow'}", classes()));
        assertInstanceOf(AdmissionResult.Allowed.class, admit("{'storageClassName':''}", classes()));
    }

    @Test
    void withoutADefaultClassTheClaimIsLeftAlone() {
        FakeObjectReader none = new FakeObjectReader()
                .put("storage.k8s.io", "storageclasses", storageClass("slow", false, "2026-01-01T00:00:00Z"));

        assertInstanceOf(AdmissionResult.Allowed.class, admit("{}", none));
    }
}
