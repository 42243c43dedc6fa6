package io.timonel.kernel.crd;

import static io.timonel.kernel.openapi.SchemaFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdValidationTest {
    static ObjectNode crd(String names, String version) {
        return (ObjectNode) json("{'apiVersion': 'apiextensions.k8s.io/v1', 'kind': 'CustomResourceDefinition',"
                + " 'metadata': {'name': 'widgets.example.com'}, 'spec': {'group': 'example.com', 'scope': 'Namespaced',"
                + " 'names': " + names + ", 'versions': [" + version + "]}}");
    }

    static final String NAMES = "{'plural': 'widgets', 'singular': 'widget', 'kind': 'Widget', 'shortNames': ['wd']}";
    static final String VERSION = "{'name': 'v1', 'served': true, 'storage': true, 'schema': {'openAPIV3Schema':"
            + " {'type': 'object', 'properties': {'spec': {'type': 'object', 'properties': {'color': {'type': 'string'}}}}}}}";

    private static List<String> problems(JsonNode crd) {
        return new CrdValidation().validate(crd, null).stream().map(v -> v.field() + ": " + v.message()).toList();
    }

    @Test
    void validCrdPasses() {
        assertEquals(List.of(), problems(crd(NAMES, VERSION)));
    }

    @Test
    void namesMustBeLowercaseLabels() {
        List<String> found = problems(crd("{'plural': 'widgets', 'singular': 'Widget', 'kind': 'Widget',"
                + " 'listKind': 'Widget', 'shortNames': ['W_D'], 'categories': ['All']}", VERSION));
        assertEquals(List.of("spec.names.singular", "spec.names.listKind", "spec.names.shortNames[0]",
                "spec.names.categories[0]"), found.stream().map(f -> f.substring(0, f.indexOf(':'))).toList());
        assertTrue(found.get(1).contains("kind and listKind may not be the same"), found.get(1));
    }

    @Test
    void nonStructuralSchemaIsRefusedWithTheReason() {
        List<String> found = problems(crd(NAMES, "{'name': 'v1', 'served': true, 'storage': true, 'schema':"
                + " {'openAPIV3Schema': {'type': 'object', 'properties': {'spec': {'properties': {}}}}}}"));
        assertEquals(List.of("spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not "
                + "be empty for specified object fields"), found);
    }

    @Test
    void printerColumnsSubresourcesAndSelectableFieldsAreChecked() {
        List<String> found = problems(crd(NAMES, "{'name': 'v1', 'served': true, 'storage': true,"
                + " 'subresources': {'scale': {'specReplicasPath': '.replicas', 'statusReplicasPath': '.status.replicas'}},"
                + " 'additionalPrinterColumns': [{'name': 'Color', 'type': 'color', 'jsonPath': '.spec.color'}],"
                + " 'selectableFields': [{'jsonPath': '.spec.color'}, {'jsonPath': '.spec.size'}],"
                + " 'schema': {'openAPIV3Schema': {'type': 'object', 'properties': {'spec': {'type': 'object',"
                + " 'properties': {'color': {'type': 'string'}}}}}}}"));
        assertEquals(List.of("spec.versions[0].subresources.scale.specReplicasPath",
                "spec.versions[0].additionalPrinterColumns[0].type",
                "spec.versions[0].selectableFields[1].jsonPath"),
                found.stream().map(f -> f.substring(0, f.indexOf(": "))).toList());
    }

    @Test
    void attachAddsKernelChecksToThePluginValidatorOfTheCrdTypeOnly() {
        ResourceType crds = ResourceType.builder("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                "customresourcedefinitions").clusterScoped().statusSubresource().shortNames("crd")
                .validator((o, old) -> List.of(FieldViolation.required("spec.group"))).build();
        ResourceType attached = CrdValidation.attach(crds);
        assertTrue(!attached.namespaced() && attached.statusSubresource());
        assertEquals(List.of("crd"), attached.shortNames());
        List<FieldViolation> found = attached.validator().validate(crd(NAMES, "{'name': 'v1', 'served': true,"
                + " 'storage': true, 'schema': {'openAPIV3Schema': {'type': 'string'}}}"), null);
        assertEquals(List.of("spec.group", "spec.versions[0].schema.openAPIV3Schema.type"),
                found.stream().map(FieldViolation::field).toList());
        ResourceType other = ResourceType.builder("", "v1", "ConfigMap", "configmaps").build();
        assertSame(other, CrdValidation.attach(other));
    }

    @Test
    void storedVersionMustStayInSpecVersions() {
        ObjectNode crd = crd(NAMES, VERSION.replace("'v1'", "'v2'"));
        crd.putObject("status").putArray("storedVersions").add("v1");
        assertEquals(List.of("status.storedVersions[0]: Invalid value: \"v1\": must appear in spec.versions"),
                problems(crd));
    }
}
