package io.timonel.kernel.testing;

import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ResourceTypeProvider;
import io.timonel.spi.resource.ScaleSubresource;
import java.util.List;
import org.pf4j.Extension;

/**
 * A few resource types for booting the kernel in tests without the core-api plugin: enough to
 * exercise namespaces, a plain namespaced type, a scalable type with a status subresource, and
 * the ValidatingAdmissionPolicy kinds, and CustomResourceDefinitions (checked by the kernel's own CRD
 * validation only).
 */
@Extension
public final class TestResourceTypes implements ResourceTypeProvider {

    @Override
    public List<ResourceType> resourceTypes() {
        return List.of(
                ResourceType.builder("", "v1", "Namespace", "namespaces").clusterScoped().shortNames("ns")
                        .statusSubresource()
                        .defaulter(ns -> {
                            ns.withObject("/status").put("phase",
                                    ns.path("metadata").hasNonNull("deletionTimestamp") ? "Terminating" : "Active");
                            if (!ns.path("spec").has("finalizers")) {
                                ns.withObject("/spec").putArray("finalizers").add("kubernetes");
                            }
                        })
                        .selectableField("status.phase").build(),
                ResourceType.builder("", "v1", "ConfigMap", "configmaps").shortNames("cm").build(),
                ResourceType.builder("", "v1", "Secret", "secrets").selectableField("type").build(),
                ResourceType.builder("coordination.k8s.io", "v1", "Lease", "leases").build(),
                ResourceType.builder("apps", "v1", "Deployment", "deployments").shortNames("deploy")
                        .statusSubresource().scale(ScaleSubresource.STANDARD).categories("all").build(),
                ResourceType.builder("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy",
                        "validatingadmissionpolicies").clusterScoped().statusSubresource().build(),
                ResourceType.builder("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding",
                        "validatingadmissionpolicybindings").clusterScoped().build(),
                ResourceType.builder("apiextensions.k8s.io", "v1", "CustomResourceDefinition",
                        "customresourcedefinitions").clusterScoped().shortNames("crd", "crds").statusSubresource()
                        .build(),
                // For the admission webhook ITs (the core-api plugin defines the real ones).
                ResourceType.builder("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration",
                        "validatingwebhookconfigurations").clusterScoped().build(),
                ResourceType.builder("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration",
                        "mutatingwebhookconfigurations").clusterScoped().build());
    }
}
