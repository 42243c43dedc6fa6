package io.timonel.kernel.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.resource.OpenApiSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cut-down OpenAPI v3 components shaped as Kubernetes publishes them: {@code allOf}/{@code $ref}
 * with {@code default: {}} beside value structs, patch strategies and list types on lists.
 */
final class TestSchemas {
    private TestSchemas() {
    }

    private static final String COMPONENTS = """
            ObjectMeta:
              type: object
              properties:
                name: {type: string}
                namespace: {type: string}
                uid: {type: string}
                resourceVersion: {type: string}
                generation: {type: integer}
                creationTimestamp: {type: string}
                labels: {type: object, additionalProperties: {type: string, default: ""}}
                annotations: {type: object, additionalProperties: {type: string, default: ""}}
                finalizers:
                  type: array
                  items: {type: string, default: ""}
                  x-kubernetes-list-type: set
                  x-kubernetes-patch-strategy: merge
                ownerReferences:
                  type: array
                  items: {allOf: [{$ref: "#/components/schemas/OwnerReference"}], default: {}}
                  x-kubernetes-list-map-keys: [uid]
                  x-kubernetes-list-type: map
                  x-kubernetes-patch-merge-key: uid
                  x-kubernetes-patch-strategy: merge
                managedFields:
                  type: array
                  items: {allOf: [{$ref: "#/components/schemas/ManagedFieldsEntry"}], default: {}}
            OwnerReference:
              type: object
              required: [apiVersion, kind, name, uid]
              properties:
                apiVersion: {type: string}
                kind: {type: string}
                name: {type: string}
                uid: {type: string}
                controller: {type: boolean}
              x-kubernetes-map-type: atomic
            ManagedFieldsEntry:
              type: object
              properties:
                manager: {type: string}
                operation: {type: string}
            ConfigMap:
              type: object
              properties:
                apiVersion: {type: string}
                kind: {type: string}
                metadata: {allOf: [{$ref: "#/components/schemas/ObjectMeta"}], default: {}}
                data: {type: object, additionalProperties: {type: string, default: ""}}
                binaryData: {type: object, additionalProperties: {type: string, format: byte}}
                immutable: {type: boolean}
            Deployment:
              type: object
              properties:
                apiVersion: {type: string}
                kind: {type: string}
                metadata: {allOf: [{$ref: "#/components/schemas/ObjectMeta"}], default: {}}
                spec: {allOf: [{$ref: "#/components/schemas/DeploymentSpec"}], default: {}}
                status: {allOf: [{$ref: "#/components/schemas/DeploymentStatus"}], default: {}}
            DeploymentStatus:
              type: object
              properties:
                replicas: {type: integer}
            DeploymentSpec:
              type: object
              required: [selector, template]
              properties:
                replicas: {type: integer}
                selector: {$ref: "#/components/schemas/LabelSelector"}
                template: {allOf: [{$ref: "#/components/schemas/PodTemplateSpec"}], default: {}}
                strategy:
                  allOf: [{$ref: "#/components/schemas/DeploymentStrategy"}]
                  default: {}
                  x-kubernetes-patch-strategy: retainKeys
            DeploymentStrategy:
              type: object
              properties:
                type: {type: string}
                rollingUpdate: {$ref: "#/components/schemas/RollingUpdateDeployment"}
            RollingUpdateDeployment:
              type: object
              properties:
                maxSurge: {x-kubernetes-int-or-string: true}
                maxUnavailable: {x-kubernetes-int-or-string: true}
            LabelSelector:
              type: object
              properties:
                matchLabels: {type: object, additionalProperties: {type: string, default: ""}}
              x-kubernetes-map-type: atomic
            PodTemplateSpec:
              type: object
              properties:
                metadata: {allOf: [{$ref: "#/components/schemas/ObjectMeta"}], default: {}}
                spec: {allOf: [{$ref: "#/components/schemas/PodSpec"}], default: {}}
            PodSpec:
              type: object
              required: [containers]
              properties:
                containers:
                  type: array
                  items: {allOf: [{$ref: "#/components/schemas/Container"}], default: {}}
                  x-kubernetes-list-map-keys: [name]
                  x-kubernetes-list-type: map
                  x-kubernetes-patch-merge-key: name
                  x-kubernetes-patch-strategy: merge
                volumes:
                  type: array
                  items: {allOf: [{$ref: "#/components/schemas/Volume"}], default: {}}
                  x-kubernetes-list-map-keys: [name]
                  x-kubernetes-list-type: map
                  x-kubernetes-patch-merge-key: name
                  x-kubernetes-patch-strategy: merge,retainKeys
                tolerations:
                  type: array
                  items: {type: object, properties: {key: {type: string}}}
                  x-kubernetes-list-type: atomic
                nodeSelector: {type: object, additionalProperties: {type: string, default: ""}, x-kubernetes-map-type: atomic}
                restartPolicy: {type: string}
                securityContext: {$ref: "#/components/schemas/PodSecurityContext"}
            PodSecurityContext:
              type: object
              properties:
                runAsUser: {type: integer}
            Container:
              type: object
              required: [name]
              properties:
                name: {type: string, default: ""}
                image: {type: string}
                args: {type: array, items: {type: string, default: ""}, x-kubernetes-list-type: atomic}
                env:
                  type: array
                  items: {type: object, properties: {name: {type: string}, value: {type: string}}}
                  x-kubernetes-list-map-keys: [name]
                  x-kubernetes-list-type: map
                  x-kubernetes-patch-merge-key: name
                  x-kubernetes-patch-strategy: merge
                ports:
                  type: array
                  items: {allOf: [{$ref: "#/components/schemas/ContainerPort"}], default: {}}
                  x-kubernetes-list-map-keys: [containerPort, protocol]
                  x-kubernetes-list-type: map
                  x-kubernetes-patch-merge-key: containerPort
                  x-kubernetes-patch-strategy: merge
                resources: {allOf: [{$ref: "#/components/schemas/ResourceRequirements"}], default: {}}
            ContainerPort:
              type: object
              required: [containerPort]
              properties:
                containerPort: {type: integer}
                protocol: {type: string, default: TCP}
                name: {type: string}
            ResourceRequirements:
              type: object
              properties:
                limits: {type: object, additionalProperties: {x-kubernetes-int-or-string: true}}
            Volume:
              type: object
              required: [name]
              properties:
                name: {type: string}
                emptyDir: {type: object, properties: {medium: {type: string}}}
                configMap: {type: object, properties: {name: {type: string}}}
            Widget:
              type: object
              properties:
                apiVersion: {type: string}
                kind: {type: string}
                metadata: {type: object}
                spec:
                  type: object
                  properties:
                    size: {type: integer}
                    tags: {type: array, items: {type: string}}
                    ports:
                      type: array
                      items: {type: object, properties: {name: {type: string}, port: {type: integer}}}
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [name]
                    extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;

    private static final Map<String, JsonNode> ALL = components();

    private static Map<String, JsonNode> components() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Trees.yaml(COMPONENTS).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static OpenApiSchema deployment() {
        return new OpenApiSchema("Deployment", ALL);
    }

    static OpenApiSchema configMap() {
        return new OpenApiSchema("ConfigMap", ALL);
    }

    /** A custom resource's structural schema: no patch strategies anywhere. */
    static OpenApiSchema widget() {
        Map<String, JsonNode> only = new LinkedHashMap<>();
        only.put("Widget", ALL.get("Widget"));
        return new OpenApiSchema("Widget", only);
    }
}
