package io.timonel.kernel.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.timonel.spi.resource.OpenApiSchema;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ScaleSubresource;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small hand-made schemas in the shapes the built-in types and CRDs publish. */
public final class SchemaFixtures {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String DEPLOYMENT = "io.k8s.api.apps.v1.Deployment";

    private SchemaFixtures() {
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deployment, as generated from the Kubernetes models: named components with $refs. */
    public static OpenApiSchema deploymentSchema() {
        Map<String, JsonNode> c = new LinkedHashMap<>();
        c.put(DEPLOYMENT, json("""
            {'description': 'Deployment enables declarative updates for Pods and ReplicaSets.',
             'type': 'object',
             'properties': {
               'apiVersion': {'type': 'string', 'description': 'APIVersion defines the versioned schema.'},
               'kind': {'type': 'string', 'description': 'Kind is a string value.'},
               'metadata': {'allOf': [{'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'}],
                            'default': {}, 'description': 'Standard object metadata.'},
               'spec': {'allOf': [{'$ref': '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec'}],
                        'default': {}, 'description': 'Specification of the desired behavior of the Deployment.'},
               'status': {'allOf': [{'$ref': '#/components/schemas/io.k8s.api.apps.v1.DeploymentStatus'}],
                          'default': {}, 'description': 'Most recently observed status of the Deployment.'}},
             'x-kubernetes-group-version-kind': [{'group': 'apps', 'kind': 'Deployment', 'version': 'v1'}]}
            """));
        c.put("io.k8s.api.apps.v1.DeploymentSpec", json("""
            {'description': 'DeploymentSpec is the specification of the desired behavior of the Deployment.',
             'type': 'object', 'required': ['selector', 'template'],
             'properties': {
               'replicas': {'type': 'integer', 'format': 'int32',
                            'description': 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.'},
               'paused': {'type': 'boolean', 'description': 'Indicates that the deployment is paused.'},
               'selector': {'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
                            'description': 'Label selector for pods.'},
               'strategy': {'allOf': [{'$ref': '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy'}],
                            'description': 'The deployment strategy to use.'},
               'template': {'allOf': [{'$ref': '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec'}],
                            'description': 'Template describes the pods that will be created.'}}}
            """));
        c.put("io.k8s.api.apps.v1.DeploymentStrategy", json("""
            {'type': 'object', 'description': 'DeploymentStrategy describes how to replace existing pods with new ones.',
             'properties': {
               'type': {'type': 'string', 'enum': ['Recreate', 'RollingUpdate'], 'description': 'Type of deployment.'},
               'rollingUpdate': {'type': 'object', 'properties': {
                 'maxSurge': {'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString'},
                 'maxUnavailable': {'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString'}}}}}
            """));
        c.put("io.k8s.api.apps.v1.DeploymentStatus", json("""
            {'type': 'object', 'description': 'DeploymentStatus is the most recently observed status of the Deployment.',
             'properties': {'replicas': {'type': 'integer', 'format': 'int32'},
                            'conditions': {'type': 'array', 'items': {'type': 'object', 'properties': {
                               'type': {'type': 'string'}, 'status': {'type': 'string'}}},
                            'x-kubernetes-patch-merge-key': 'type', 'x-kubernetes-patch-strategy': 'merge',
                            'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type']}}}
            """));
        c.put("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", json("""
            {'type': 'object', 'description': 'A label selector.',
             'properties': {'matchLabels': {'type': 'object', 'additionalProperties': {'type': 'string'}},
                            'matchExpressions': {'type': 'array', 'items': {'type': 'object',
                               'required': ['key', 'operator'],
                               'properties': {'key': {'type': 'string'}, 'operator': {'type': 'string'},
                                              'values': {'type': 'array', 'items': {'type': 'string'}}}}}},
             'x-kubernetes-map-type': 'atomic'}
            """));
        c.put("io.k8s.api.core.v1.PodTemplateSpec", json("""
            {'type': 'object', 'description': 'PodTemplateSpec describes the data a pod should have.',
             'properties': {
               'metadata': {'allOf': [{'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'}]},
               'spec': {'allOf': [{'$ref': '#/components/schemas/io.k8s.api.core.v1.PodSpec'}]}}}
            """));
        c.put("io.k8s.api.core.v1.PodSpec", json("""
            {'type': 'object', 'required': ['containers'],
             'properties': {
               'containers': {'type': 'array', 'items': {'$ref': '#/components/schemas/io.k8s.api.core.v1.Container'},
                              'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge',
                              'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name']},
               'nodeSelector': {'type': 'object', 'additionalProperties': {'type': 'string'}},
               'overhead': {'type': 'object', 'additionalProperties':
                              {'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity'}}}}
            """));
        c.put("io.k8s.api.core.v1.Container", json("""
            {'type': 'object', 'required': ['name'],
             'properties': {'name': {'type': 'string'}, 'image': {'type': 'string'},
                            'args': {'type': 'array', 'items': {'type': 'string'}},
                            'ports': {'type': 'array', 'items': {'type': 'object', 'properties': {
                               'containerPort': {'type': 'integer', 'format': 'int32'},
                               'name': {'type': 'string'}}}}}}
            """));
        c.put("io.k8s.apimachinery.pkg.util.intstr.IntOrString", json("""
            {'type': 'string', 'format': 'int-or-string', 'description': 'IntOrString holds an int or a string.'}
            """));
        c.put("io.k8s.apimachinery.pkg.api.resource.Quantity", json("""
            {'type': 'string', 'description': 'Quantity is a fixed-point representation of a number.'}
            """));
        c.put("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", MetaV1Schemas.objectMeta().deepCopy());
        c.put("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
                MetaV1Schemas.components().get("io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry").deepCopy());
        c.put("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
                MetaV1Schemas.components().get("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference").deepCopy());
        return new OpenApiSchema(DEPLOYMENT, c);
    }

    public static ResourceType deployments() {
        return ResourceType.builder("apps", "v1", "Deployment", "deployments").shortNames("deploy")
                .categories("all").statusSubresource()
                .scale(new ScaleSubresource(".spec.replicas", ".status.replicas", null))
                .schema(deploymentSchema()).build();
    }

    public static ResourceType configMaps() {
        Map<String, JsonNode> c = new LinkedHashMap<>();
        c.put("io.k8s.api.core.v1.ConfigMap", json("""
            {'description': 'ConfigMap holds configuration data for pods to consume.', 'type': 'object',
             'properties': {
               'apiVersion': {'type': 'string'}, 'kind': {'type': 'string'},
               'metadata': {'$ref': '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'},
               'data': {'type': 'object', 'additionalProperties': {'type': 'string'},
                        'description': 'Data contains the configuration data.'},
               'binaryData': {'type': 'object', 'additionalProperties': {'type': 'string', 'format': 'byte'}},
               'immutable': {'type': 'boolean'}},
             'x-kubernetes-group-version-kind': [{'group': '', 'kind': 'ConfigMap', 'version': 'v1'}]}
            """));
        return ResourceType.builder("", "v1", "ConfigMap", "configmaps").shortNames("cm")
                .schema(new OpenApiSchema("io.k8s.api.core.v1.ConfigMap", c)).build();
    }

    /** The Widget CRD of the conformance suite: one inline root, no $refs, no metadata schema. */
    public static OpenApiSchema widgetSchema() {
        return new OpenApiSchema("com.example.v1.Widget", Map.of("com.example.v1.Widget", json("""
            {'type': 'object', 'required': ['spec'],
             'properties': {
               'spec': {'type': 'object', 'required': ['size'], 'description': 'The desired widget.',
                        'properties': {'size': {'type': 'integer', 'minimum': 1, 'description': 'How big.'},
                                       'color': {'type': 'string'}}},
               'status': {'type': 'object', 'properties': {'ready': {'type': 'boolean'}}}}}
            """)));
    }

    public static ResourceType widgets() {
        return ResourceType.builder("example.com", "v1", "Widget", "widgets").shortNames("wd").statusSubresource()
                .schema(widgetSchema()).build();
    }

    public static ResourceType clusterThings() {
        return ResourceType.builder("example.com", "v1", "Thing", "things").clusterScoped().build();
    }

    /** A CRD schema exercising the value constraints Kubernetes enforces for custom resources. */
    public static OpenApiSchema gadgetSchema() {
        return new OpenApiSchema("com.example.v1.Gadget", Map.of("com.example.v1.Gadget", json("""
        {'type': 'object',
         'properties': {
           'metadata': {'type': 'object', 'properties': {'name': {'type': 'string', 'maxLength': 10}}},
           'spec': {'type': 'object', 'required': ['mode'],
             'properties': {
               'mode': {'type': 'string', 'enum': ['fast', 'slow']},
               'name': {'type': 'string', 'pattern': '^[a-z]+$', 'minLength': 2, 'maxLength': 5},
               'count': {'type': 'integer', 'format': 'int32', 'minimum': 1, 'maximum': 10},
               'ratio': {'type': 'number', 'minimum': 0, 'exclusiveMinimum': true, 'maximum': 1, 'exclusiveMaximum': true},
               'when': {'type': 'string', 'format': 'date-time'},
               'blob': {'type': 'string', 'format': 'byte'},
               'port': {'x-kubernetes-int-or-string': true, 'anyOf': [{'type': 'integer'}, {'type': 'string'}]},
               'note': {'type': 'string', 'nullable': true},
               'tags': {'type': 'array', 'items': {'type': 'string'}, 'x-kubernetes-list-type': 'set', 'maxItems': 3, 'minItems': 1},
               'ports': {'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
                         'items': {'type': 'object', 'required': ['name'], 'properties': {
                            'name': {'type': 'string'}, 'number': {'type': 'integer'}}}},
               'labels': {'type': 'object', 'additionalProperties': {'type': 'string'}, 'maxProperties': 2},
               'free': {'type': 'object', 'x-kubernetes-preserve-unknown-fields': true},
               'template': {'type': 'object', 'x-kubernetes-embedded-resource': true,
                            'x-kubernetes-preserve-unknown-fields': true},
               'strict': {'type': 'object', 'x-kubernetes-embedded-resource': true,
                          'properties': {'data': {'type': 'string'}}},
               'choice': {'type': 'object', 'properties': {'a': {'type': 'string'}, 'b': {'type': 'string'}},
                          'oneOf': [{'required': ['a']}, {'required': ['b']}]}}},
           'status': {'type': 'object', 'properties': {'ready': {'type': 'boolean'}}}}}
        """)));
    }


    public static ResourceType gadgets() {
        return ResourceType.builder("example.com", "v1", "Gadget", "gadgets").schema(gadgetSchema()).build();
    }
}
