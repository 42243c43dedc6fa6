package io.timonel.plugins.coreapi.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.coreapi.support.FieldPath;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRules;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' everyday checks of a PodSpec, for pods and pod templates: containers, their names,
 * images, ports, environment and mounts, volumes, and the policy enums.
 */
public final class PodSpecValidation {

    public static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    private static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");

    private PodSpecValidation() {
    }

    /**
     * Checks {@code spec} found at {@code path} (e.g. {@code spec.template.spec}): a new pod's or a
     * template's, which may not have ephemeral containers.
     */
    public static void validate(JsonNode spec, FieldPath path, List<FieldViolation> out) {
        validate(spec, path, false, out);
    }

    /**
     * Checks a pod's spec; {@code ephemeralAllowed} for a pod that exists, to which
     * {@code pods/ephemeralcontainers} adds them.
     */
    public static void validate(JsonNode spec, FieldPath path, boolean ephemeralAllowed, List<FieldViolation> out) {
        if (spec == null || !spec.isObject()) {
            out.add(FieldViolation.required(path.path()));
            return;
        }
        Set<String> volumes = volumes(spec, path, out);
        Set<String> names = new HashSet<>();
        JsonNode containers = spec.path("containers");
        if (containers.size() == 0) {
            out.add(FieldViolation.required(path.child("containers").path()));
        }
        containers(spec, "containers", path, names, volumes, out);
        containers(spec, "initContainers", path, names, volumes, out);
        if (ephemeralAllowed) {
            ephemeralContainers(spec, path, names, volumes, out);
        } else if (spec.path("ephemeralContainers").size() > 0) {
            out.add(FieldViolation.forbidden(path.child("ephemeralContainers").path(),
                    "cannot be set on create or in a pod template"));
        }
        Validation.oneOf(Json.text(spec, "restartPolicy"), RESTART_POLICIES, path.child("restartPolicy"), out);
        Validation.oneOf(Json.text(spec, "dnsPolicy"), DNS_POLICIES, path.child("dnsPolicy"), out);
        Validation.nonNegative(spec, "terminationGracePeriodSeconds", path, out);
        JsonNode deadline = spec.get("activeDeadlineSeconds");
        if (deadline != null && deadline.isNumber() && deadline.asLong() <= 0) {
            out.add(FieldViolation.invalid(path.child("activeDeadlineSeconds").path(), deadline.asLong(),
                    "must be between 1 and 2147483647, inclusive"));
        }
        String nodeName = Json.text(spec, "nodeName");
        if (nodeName != null && !nodeName.isEmpty()) {
            Validation.report(NameRules.dns1123Subdomain(nodeName), nodeName, path.child("nodeName"), out);
        }
        String serviceAccount = Json.text(spec, "serviceAccountName");
        if (serviceAccount != null && !serviceAccount.isEmpty()) {
            Validation.report(NameRules.dns1123Subdomain(serviceAccount), serviceAccount,
                    path.child("serviceAccountName"), out);
        }
    }

    /** Checks that a template's restart policy is one of {@code allowed} (workloads restrict it). */
    public static void restartPolicyIn(JsonNode spec, List<String> allowed, FieldPath path, List<FieldViolation> out) {
        String policy = Json.text(spec, "restartPolicy");
        if (policy != null && RESTART_POLICIES.contains(policy) && !allowed.contains(policy)) {
            out.add(FieldViolation.notSupported(path.child("restartPolicy").path(), policy, allowed));
        }
    }

    private static Set<String> volumes(JsonNode spec, FieldPath path, List<FieldViolation> out) {
        Set<String> names = new HashSet<>();
        JsonNode volumes = spec.path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            FieldPath at = path.child("volumes").index(i);
            String name = Json.text(volumes.get(i), "name");
            if (name == null || name.isEmpty()) {
                out.add(FieldViolation.required(at.child("name").path()));
                continue;
            }
            Validation.report(NameRules.dns1123Label(name), name, at.child("name"), out);
            if (!names.add(name)) {
                out.add(FieldViolation.duplicate(at.child("name").path(), name));
            }
        }
        return names;
    }

    private static void containers(JsonNode spec, String list, FieldPath path, Set<String> names,
                                   Set<String> volumes, List<FieldViolation> out) {
        JsonNode containers = spec.path(list);
        for (int i = 0; i < containers.size(); i++) {
            container(containers.get(i), path.child(list).index(i), names, volumes, out);
        }
    }

    /** Fields an ephemeral container may not set: it only runs beside the pod's own, never serves or restarts. */
    private static final List<String> NOT_FOR_EPHEMERAL = List.of("ports", "livenessProbe", "readinessProbe",
            "startupProbe", "lifecycle", "resources", "resizePolicy", "restartPolicy");

    private static void ephemeralContainers(JsonNode spec, FieldPath path, Set<String> names, Set<String> volumes,
                                            List<FieldViolation> out) {
        Set<String> targets = new HashSet<>();
        spec.path("containers").forEach(c -> targets.add(Json.text(c, "name")));
        spec.path("initContainers").forEach(c -> targets.add(Json.text(c, "name")));
        JsonNode ephemeral = spec.path("ephemeralContainers");
        for (int i = 0; i < ephemeral.size(); i++) {
            JsonNode c = ephemeral.get(i);
            FieldPath at = path.child("ephemeralContainers").index(i);
            container(c, at, names, volumes, out);
            for (String field : NOT_FOR_EPHEMERAL) {
                JsonNode value = c.get(field);
                if (value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
                    out.add(FieldViolation.forbidden(at.child(field).path(),
                            "cannot be set for an Ephemeral Container"));
                }
            }
            String target = Json.text(c, "targetContainerName");
            if (target != null && !target.isEmpty() && !targets.contains(target)) {
                out.add(new FieldViolation(FieldViolation.Type.INVALID, at.child("targetContainerName").path(),
                        "Not found: \"" + target + "\""));
            }
        }
    }

    private static void container(JsonNode container, FieldPath at, Set<String> names, Set<String> volumes,
                                  List<FieldViolation> out) {
        String name = Json.text(container, "name");
        if (name == null || name.isEmpty()) {
            out.add(FieldViolation.required(at.child("name").path()));
        } else {
            Validation.report(NameRules.dns1123Label(name), name, at.child("name"), out);
            if (!names.add(name)) {
                out.add(FieldViolation.duplicate(at.child("name").path(), name));
            }
        }
        String image = Json.text(container, "image");
        if (image == null || image.isBlank()) {
            out.add(FieldViolation.required(at.child("image").path()));
        }
        Validation.oneOf(Json.text(container, "imagePullPolicy"), PULL_POLICIES, at.child("imagePullPolicy"), out);
        ports(container, at, out);
        JsonNode env = container.path("env");
        for (int i = 0; i < env.size(); i++) {
            String envName = Json.text(env.get(i), "name");
            if (envName == null || envName.isEmpty()) {
                out.add(FieldViolation.required(at.child("env").index(i).child("name").path()));
            }
        }
        JsonNode mounts = container.path("volumeMounts");
        Set<String> mountPaths = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            FieldPath m = at.child("volumeMounts").index(i);
            String volume = Json.text(mounts.get(i), "name");
            String mountPath = Json.text(mounts.get(i), "mountPath");
            if (volume == null || volume.isEmpty()) {
                out.add(FieldViolation.required(m.child("name").path()));
            } else if (!volumes.contains(volume)) {
                out.add(new FieldViolation(FieldViolation.Type.INVALID, m.child("name").path(),
                        "Not found: \"" + volume + "\""));
            }
            if (mountPath == null || mountPath.isEmpty()) {
                out.add(FieldViolation.required(m.child("mountPath").path()));
            } else if (!mountPaths.add(mountPath)) {
                out.add(FieldViolation.invalid(m.child("mountPath").path(), mountPath, "must be unique"));
            }
        }
    }

    private static void ports(JsonNode container, FieldPath at, List<FieldViolation> out) {
        JsonNode ports = container.path("ports");
        Set<String> portNames = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            FieldPath p = at.child("ports").index(i);
            JsonNode containerPort = port.get("containerPort");
            if (containerPort == null || containerPort.isNull()) {
                out.add(FieldViolation.required(p.child("containerPort").path()));
            } else if (!validPort(containerPort)) {
                out.add(FieldViolation.invalid(p.child("containerPort").path(), containerPort.asLong(),
                        "must be between 1 and 65535, inclusive"));
            }
            JsonNode hostPort = port.get("hostPort");
            if (hostPort != null && hostPort.isNumber() && hostPort.asLong() != 0 && !validPort(hostPort)) {
                out.add(FieldViolation.invalid(p.child("hostPort").path(), hostPort.asLong(),
                        "must be between 1 and 65535, inclusive"));
            }
            String protocol = Json.text(port, "protocol");
            if (protocol == null) {
                out.add(FieldViolation.required(p.child("protocol").path()));
            } else {
                Validation.oneOf(protocol, PROTOCOLS, p.child("protocol"), out);
            }
            String portName = Json.text(port, "name");
            if (portName != null && !portName.isEmpty()) {
                Validation.report(NameRules.ianaServiceName(portName), portName, p.child("name"), out);
                if (!portNames.add(portName)) {
                    out.add(FieldViolation.duplicate(p.child("name").path(), portName));
                }
            }
        }
    }

    /** A port number between 1 and 65535. */
    public static boolean validPort(JsonNode port) {
        return port.isIntegralNumber() && port.asLong() >= 1 && port.asLong() <= 65535;
    }
}
