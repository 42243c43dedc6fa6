package io.timonel.plugins.admission.serviceaccount;

import static io.timonel.plugins.admission.testing.Fixtures.CONFIGMAPS;
import static io.timonel.plugins.admission.testing.Fixtures.PODS;
import static io.timonel.plugins.admission.testing.Fixtures.create;
import static io.timonel.plugins.admission.testing.Fixtures.denial;
import static io.timonel.plugins.admission.testing.Fixtures.json;
import static io.timonel.plugins.admission.testing.Fixtures.mutatedObject;
import static io.timonel.plugins.admission.testing.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.admission.testing.FakeObjectReader;
import io.timonel.spi.admission.AdmissionResult;
import org.junit.jupiter.api.Test;

class ServiceAccountAdmissionTest {
    private final ServiceAccountAdmission plugin = new ServiceAccountAdmission();
    private final FakeObjectReader objects = new FakeObjectReader()
            .put("", "serviceaccounts", json("{'metadata':{'name':'builder','namespace':'ns'}}"));

    @Test
    void isAMutatingPluginNamedAsInKubernetes() {
        assertEquals("ServiceAccount", plugin.name());
        assertTrue(plugin.mutating());
    }

    @Test
    void podWithoutServiceAccountRunsAsDefault() {
        JsonNode pod = mutatedObject(plugin.admit(create(PODS, pod("ns", "p", "{'containers':[{'name':'c'}]}"),
                objects)));
        assertEquals("default", pod.path("spec").path("serviceAccountName").asText());
        assertEquals("default", pod.path("spec").path("serviceAccount").asText());
    }

    @Test
    void podNamingAnExistingServiceAccountIsAllowedUnchanged() {
        AdmissionResult r = plugin.admit(create(PODS, pod("ns", "p", "{'serviceAccountName':'builder'}"), objects));
        assertInstanceOf(AdmissionResult.Allowed.class, r);
    }

    @Test
    void podNamingAMissingServiceAccountIsForbiddenWithKubernetesMessage() {
        String message = denial(plugin.admit(create(PODS, pod("ns", "p", "{'serviceAccountName':'ghost'}"), objects)));
        assertEquals("pods \"p\" is forbidden: error looking up service account ns/ghost: serviceaccount \"ghost\" "
                + "not found", message);
    }

    @Test
    void defaultServiceAccountIsTrustedUntilAControllerCreatesIt() {
        assertInstanceOf(AdmissionResult.Allowed.class,
                plugin.admit(create(PODS, pod("ns", "p", "{'serviceAccountName':'default'}"), objects)));
    }

    @Test
    void deprecatedServiceAccountFieldIsCopiedToServiceAccountName() {
        JsonNode pod = mutatedObject(plugin.admit(create(PODS, pod("ns", "p", "{'serviceAccount':'builder'}"),
                objects)));
        assertEquals("builder", pod.path("spec").path("serviceAccountName").asText());
    }

    @Test
    void otherResourcesAreLeftAlone() {
        assertInstanceOf(AdmissionResult.Allowed.class, plugin.admit(create(CONFIGMAPS,
                json("{'metadata':{'name':'c','namespace':'ns'}}"), objects)));
    }
}
