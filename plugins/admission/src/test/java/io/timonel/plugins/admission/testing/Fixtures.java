package io.timonel.plugins.admission.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.admission.AdmissionRequest;
import io.timonel.spi.admission.AdmissionResult;
import io.timonel.spi.admission.ObjectReader;
import io.timonel.spi.admission.Operation;
import io.timonel.spi.auth.UserInfo;
import io.timonel.spi.resource.ResourceType;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.UUID;

/** Objects and requests for admission tests, written as JSON with single quotes for brevity. */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final ResourceType PODS = ResourceType.builder("", "v1", "Pod", "pods").build();
    public static final ResourceType CONFIGMAPS = ResourceType.builder("", "v1", "ConfigMap", "configmaps").build();
    public static final ResourceType DEPLOYMENTS = ResourceType.builder("apps", "v1", "Deployment", "deployments")
            .build();
    public static final UserInfo ADMIN = new UserInfo("admin", "", Set.of("system:masters"));

    private Fixtures() {
    }

    /** Parses JSON written with single quotes in place of double quotes. */
    public static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pod in {@code ns} named {@code name} with the given spec (JSON, single quotes) and a fresh uid. */
    public static ObjectNode pod(String ns, String name, String spec) {
        ObjectNode pod = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "','namespace':'" + ns
                + "','uid':'" + UUID.randomUUID() + "'},'spec':" + spec + "}");
        return pod;
    }

    public static AdmissionRequest create(ResourceType type, JsonNode object, ObjectReader objects) {
        return create(type, object, objects, false);
    }

    public static AdmissionRequest create(ResourceType type, JsonNode object, ObjectReader objects, boolean dryRun) {
        JsonNode meta = object.path("metadata");
        return new AdmissionRequest(Operation.CREATE, type, "", meta.path("namespace").asText(""),
                meta.path("name").asText(""), object, null, ADMIN, dryRun, objects);
    }

    public static AdmissionRequest update(ResourceType type, JsonNode object, JsonNode old, ObjectReader objects) {
        JsonNode meta = object.path("metadata");
        return new AdmissionRequest(Operation.UPDATE, type, "", meta.path("namespace").asText(""),
                meta.path("name").asText(""), object, old, ADMIN, false, objects);
    }

    /** The object a mutating plugin returned; fails the test when it did not mutate. */
    public static JsonNode mutatedObject(AdmissionResult result) {
        if (result instanceof AdmissionResult.Mutated m) {
            return m.object();
        }
        throw new AssertionError("expected a mutation, got " + result);
    }

    /** The message of a denial; fails the test when the request was not denied with 403. */
    public static String denial(AdmissionResult result) {
        if (result instanceof AdmissionResult.Denied d && d.code() == 403) {
            return d.message();
        }
        throw new AssertionError("expected a 403 denial, got " + result);
    }
}
