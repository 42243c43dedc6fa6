package io.timonel.plugins.coreapi.apps;

import static io.timonel.plugins.coreapi.support.Columns.age;
import static io.timonel.plugins.coreapi.support.Columns.count;
import static io.timonel.plugins.coreapi.support.Columns.readyOf;
import static io.timonel.plugins.coreapi.support.Columns.string;

import io.kubernetes.client.openapi.models.V1ControllerRevision;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ScaleSubresource;
import java.util.List;
import io.timonel.plugins.coreapi.support.FieldPath;
import java.util.Locale;

/** The apps/v1 group: the workloads. */
public final class AppsV1Types {

    private static final String GROUP = "apps";

    private AppsV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(
                Kinds.columns(kinds.define(V1Deployment.class, GROUP, "v1", "Deployment", "deployments")
                        .shortNames("deploy").categories("all").statusSubresource().scale(ScaleSubresource.STANDARD)
                        .printerColumn(readyOf(".status.readyReplicas", ".spec.replicas"))
                        .printerColumn(count("UP-TO-DATE", ".status.updatedReplicas",
                                "Pods running the current template"))
                        .printerColumn(count("AVAILABLE", ".status.availableReplicas", "Available pods"))
                        .printerColumn(age()), Columns.templateColumns("spec", "template"))
                        .defaulter(DeploymentRules.defaulter())
                        .validator(DeploymentRules.validator())
                        .build(),
                Kinds.columns(kinds.define(V1ReplicaSet.class, GROUP, "v1", "ReplicaSet", "replicasets")
                        .shortNames("rs").categories("all").statusSubresource().scale(ScaleSubresource.STANDARD)
                        .printerColumn(count("DESIRED", ".spec.replicas", "The desired number of pods"))
                        .printerColumn(count("CURRENT", ".status.replicas", "The current number of pods"))
                        .printerColumn(count("READY", ".status.readyReplicas", "The number of ready pods"))
                        .printerColumn(age()), Columns.templateColumns("spec", "template"))
                        .selectableField("status.replicas",
                                o -> String.valueOf(Json.number(o, 0, "status", "replicas")))
                        .defaulter(ReplicaSetRules.defaulter())
                        .validator(ReplicaSetRules.validator())
                        .build(),
                Kinds.columns(kinds.define(V1StatefulSet.class, GROUP, "v1", "StatefulSet", "statefulsets")
                        .shortNames("sts").categories("all").statusSubresource().scale(ScaleSubresource.STANDARD)
                        .printerColumn(readyOf(".status.readyReplicas", ".spec.replicas"))
                        .printerColumn(age()), Columns.templateColumns("spec", "template").subList(0, 2))
                        .defaulter(StatefulSetRules.defaulter())
                        .validator(StatefulSetRules.validator())
                        .build(),
                Kinds.columns(kinds.define(V1DaemonSet.class, GROUP, "v1", "DaemonSet", "daemonsets")
                        .shortNames("ds").categories("all").statusSubresource()
                        .printerColumn(count("DESIRED", ".status.desiredNumberScheduled", "Nodes that should run it"))
                        .printerColumn(count("CURRENT", ".status.currentNumberScheduled", "Nodes running it"))
                        .printerColumn(count("READY", ".status.numberReady", "Nodes where it is ready"))
                        .printerColumn(count("UP-TO-DATE", ".status.updatedNumberScheduled",
                                "Nodes running the current template"))
                        .printerColumn(count("AVAILABLE", ".status.numberAvailable", "Nodes where it is available"))
                        .printerColumn(string("NODE SELECTOR", "The node selector of its pods",
                                o -> Columns.formatLabels(o.path("spec").path("template").path("spec")
                                        .path("nodeSelector"))))
                        .printerColumn(age()), Columns.templateColumns("spec", "template"))
                        .defaulter(DaemonSetRules.defaulter())
                        .validator(DaemonSetRules.validator())
                        .build(),
                kinds.define(V1ControllerRevision.class, GROUP, "v1", "ControllerRevision", "controllerrevisions")
                        .printerColumn(string("CONTROLLER", "The owner of the revision", o -> {
                            for (var owner : o.path("metadata").path("ownerReferences")) {
                                if (owner.path("controller").asBoolean(false)) {
                                    String group = owner.path("apiVersion").asText();
                                    group = group.contains("/") ? group.substring(0, group.indexOf('/')) : "";
                                    return owner.path("kind").asText().toLowerCase(Locale.ROOT)
                                            + (group.isEmpty() ? "" : "." + group) + "/" + owner.path("name").asText();
                                }
                            }
                            return "<none>";
                        }))
                        .printerColumn(count("REVISION", ".revision", "The revision number"))
                        .printerColumn(age())
                        .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (revision, old, out) -> {
                            Validation.nonNegative(revision, "revision", FieldPath.of(""), out);
                            if (old != null) {
                                Validation.immutable(revision.get("data"), old.get("data"),
                                        FieldPath.of("data"), out);
                            }
                        }))
                        .build());
    }
}
