package io.timonel.plugins.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The Pod Security Standards' checks over a pod's metadata and spec (a pod's, or a workload's
 * pod template). Each check has Kubernetes' id, reason and wording; results come sorted by check
 * id, as Kubernetes lists them. A restricted check replaces the baseline check it tightens.
 */
final class PodChecks {
    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t",
            "container_kvm_t", "container_engine_t");
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private static final Map<String, BiFunction<JsonNode, JsonNode, Violation>> BASELINE = new TreeMap<>(Map.ofEntries(
            Map.entry("appArmorProfile", PodChecks::appArmor),
            Map.entry("capabilities_baseline", PodChecks::capabilitiesBaseline),
            Map.entry("hostNamespaces", PodChecks::hostNamespaces),
            Map.entry("hostPathVolumes", PodChecks::hostPathVolumes),
            Map.entry("hostPorts", PodChecks::hostPorts),
            Map.entry("privileged", PodChecks::privileged),
            Map.entry("procMount", PodChecks::procMount),
            Map.entry("seLinuxOptions", PodChecks::seLinux),
            Map.entry("seccompProfile_baseline", PodChecks::seccompBaseline),
            Map.entry("sysctls", PodChecks::sysctls),
            Map.entry("windowsHostProcess", PodChecks::hostProcess)));
    private static final Map<String, BiFunction<JsonNode, JsonNode, Violation>> RESTRICTED = new TreeMap<>();

    static {
        RESTRICTED.putAll(BASELINE);
        RESTRICTED.remove("capabilities_baseline");
        RESTRICTED.remove("hostPathVolumes");
        RESTRICTED.remove("seccompProfile_baseline");
        RESTRICTED.put("allowPrivilegeEscalation", PodChecks::allowPrivilegeEscalation);
        RESTRICTED.put("capabilities_restricted", PodChecks::capabilitiesRestricted);
        RESTRICTED.put("restrictedVolumes", PodChecks::restrictedVolumes);
        RESTRICTED.put("runAsNonRoot", PodChecks::runAsNonRoot);
        RESTRICTED.put("runAsUser", PodChecks::runAsUser);
        RESTRICTED.put("seccompProfile_restricted", PodChecks::seccompRestricted);
    }

    private PodChecks() {
    }

    /** The violations of {@code level} by a pod with this metadata and spec; empty when it complies. */
    static List<Violation> check(Level level, JsonNode metadata, JsonNode spec) {
        Map<String, BiFunction<JsonNode, JsonNode, Violation>> checks = switch (level) {
            case PRIVILEGED -> Map.of();
            case BASELINE -> BASELINE;
            case RESTRICTED -> RESTRICTED;
        };
        List<Violation> out = new ArrayList<>();
        checks.values().forEach(c -> {
            Violation v = c.apply(metadata, spec);
            if (v != null) {
                out.add(v);
            }
        });
        return out;
    }

    // ---- baseline ---------------------------------------------------------------------------------

    private static Violation hostNamespaces(JsonNode meta, JsonNode spec) {
        List<String> set = new ArrayList<>();
        for (String f : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(f).asBoolean(false)) {
                set.add(f + "=true");
            }
        }
        return set.isEmpty() ? null : new Violation("host namespaces", String.join(", ", set));
    }

    private static Violation privileged(JsonNode meta, JsonNode spec) {
        List<String> bad = containersWhere(spec, c -> c.path("securityContext").path("privileged").asBoolean(false));
        return bad.isEmpty() ? null : new Violation("privileged",
                containers(bad) + " must not set securityContext.privileged=true");
    }

    private static Violation capabilitiesBaseline(JsonNode meta, JsonNode spec) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> caps = new LinkedHashSet<>();
        for (JsonNode c : allContainers(spec)) {
            for (JsonNode cap : c.path("securityContext").path("capabilities").path("add")) {
                if (!BASELINE_CAPABILITIES.contains(cap.asText())) {
                    names.add(c.path("name").asText());
                    caps.add(cap.asText());
                }
            }
        }
        return names.isEmpty() ? null : new Violation("non-default capabilities", containers(List.copyOf(names))
                + " must not include " + quoted(caps) + " in securityContext.capabilities.add");
    }

    private static Violation hostPathVolumes(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("hostPath")) {
                bad.add(v.path("name").asText());
            }
        }
        return bad.isEmpty() ? null : new Violation("hostPath volumes", plural("volume", bad));
    }

    private static Violation hostPorts(JsonNode meta, JsonNode spec) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> ports = new LinkedHashSet<>();
        for (JsonNode c : allContainers(spec)) {
            for (JsonNode p : c.path("ports")) {
                if (p.path("hostPort").asInt(0) != 0) {
                    names.add(c.path("name").asText());
                    ports.add(p.path("hostPort").asText());
                }
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        return new Violation("hostPort", containers(List.copyOf(names)) + (names.size() == 1 ? " uses " : " use ")
                + (ports.size() == 1 ? "hostPort " : "hostPorts ") + String.join(", ", ports));
    }

    private static Violation appArmor(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        if (isUnconfinedAppArmor(spec.path("securityContext").path("appArmorProfile"))) {
            bad.add("pod must not set appArmorProfile.type to \"Unconfined\"");
        }
        List<String> containers = containersWhere(spec, c ->
                isUnconfinedAppArmor(c.path("securityContext").path("appArmorProfile")));
        if (!containers.isEmpty()) {
            bad.add(containers(containers) + " must not set appArmorProfile.type to \"Unconfined\"");
        }
        meta.path("annotations").fields().forEachRemaining(e -> {
            String value = e.getValue().asText();
            if (e.getKey().startsWith(APPARMOR_ANNOTATION) && !value.equals("runtime/default")
                    && !value.startsWith("localhost/")) {
                bad.add(e.getKey() + "=\"" + value + "\"");
            }
        });
        return bad.isEmpty() ? null : new Violation(bad.size() == 1 ? "forbidden AppArmor profile"
                : "forbidden AppArmor profiles", String.join(", ", bad));
    }

    private static boolean isUnconfinedAppArmor(JsonNode profile) {
        return profile.path("type").asText("").equals("Unconfined");
    }

    private static Violation seLinux(JsonNode meta, JsonNode spec) {
        Set<String> problems = new LinkedHashSet<>();
        boolean pod = seLinuxProblems(spec.path("securityContext").path("seLinuxOptions"), problems);
        List<String> containers = containersWhere(spec, c ->
                seLinuxProblems(c.path("securityContext").path("seLinuxOptions"), problems));
        if (problems.isEmpty()) {
            return null;
        }
        String who = pod && !containers.isEmpty() ? "pod and " + containers(containers)
                : pod ? "pod" : containers(containers);
        return new Violation("seLinuxOptions", who + " set forbidden securityContext.seLinuxOptions: "
                + String.join("; ", problems));
    }

    private static boolean seLinuxProblems(JsonNode options, Set<String> problems) {
        boolean bad = false;
        String type = options.path("type").asText("");
        if (!SELINUX_TYPES.contains(type)) {
            problems.add("type \"" + type + "\"");
            bad = true;
        }
        for (String f : List.of("user", "role")) {
            if (!options.path(f).asText("").isEmpty()) {
                problems.add(f + " \"" + options.path(f).asText() + "\"");
                bad = true;
            }
        }
        return bad;
    }

    private static Violation procMount(JsonNode meta, JsonNode spec) {
        List<String> bad = containersWhere(spec, c -> {
            String mount = c.path("securityContext").path("procMount").asText("Default");
            return !mount.equals("Default");
        });
        return bad.isEmpty() ? null : new Violation("procMount",
                containers(bad) + " must not set securityContext.procMount to \"Unmasked\"");
    }

    private static Violation seccompBaseline(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        if (isUnconfinedSeccomp(spec.path("securityContext"))) {
            bad.add("pod");
        }
        List<String> containers = containersWhere(spec, c -> isUnconfinedSeccomp(c.path("securityContext")));
        if (!containers.isEmpty()) {
            bad.add(containers(containers));
        }
        return bad.isEmpty() ? null : new Violation("seccompProfile", String.join(" and ", bad)
                + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
    }

    private static boolean isUnconfinedSeccomp(JsonNode securityContext) {
        return securityContext.path("seccompProfile").path("type").asText("").equals("Unconfined");
    }

    private static Violation sysctls(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode s : spec.path("securityContext").path("sysctls")) {
            if (!SAFE_SYSCTLS.contains(s.path("name").asText())) {
                bad.add(s.path("name").asText());
            }
        }
        return bad.isEmpty() ? null : new Violation("forbidden sysctls", String.join(", ", bad));
    }

    private static Violation hostProcess(JsonNode meta, JsonNode spec) {
        boolean pod = spec.path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false);
        List<String> containers = containersWhere(spec, c ->
                c.path("securityContext").path("windowsOptions").path("hostProcess").asBoolean(false));
        if (!pod && containers.isEmpty()) {
            return null;
        }
        String who = pod && !containers.isEmpty() ? "pod and " + containers(containers)
                : pod ? "pod" : containers(containers);
        return new Violation("hostProcess", who + " must not set securityContext.windowsOptions.hostProcess=true");
    }

    // ---- restricted -------------------------------------------------------------------------------

    private static Violation restrictedVolumes(JsonNode meta, JsonNode spec) {
        Set<String> names = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode v : spec.path("volumes")) {
            v.fieldNames().forEachRemaining(f -> {
                if (!f.equals("name") && !RESTRICTED_VOLUME_TYPES.contains(f)) {
                    names.add(v.path("name").asText());
                    types.add(f);
                }
            });
        }
        if (names.isEmpty()) {
            return null;
        }
        return new Violation("restricted volume types", plural("volume", List.copyOf(names))
                + (names.size() == 1 ? " uses " : " use ") + "restricted volume type" + (types.size() == 1 ? " " : "s ")
                + quoted(types));
    }

    private static Violation allowPrivilegeEscalation(JsonNode meta, JsonNode spec) {
        List<String> bad = containersWhere(spec, c -> {
            JsonNode ape = c.path("securityContext").path("allowPrivilegeEscalation");
            return !(ape.isBoolean() && !ape.asBoolean());
        });
        return bad.isEmpty() ? null : new Violation("allowPrivilegeEscalation != false",
                containers(bad) + " must set securityContext.allowPrivilegeEscalation=false");
    }

    private static Violation capabilitiesRestricted(JsonNode meta, JsonNode spec) {
        List<String> noDrop = containersWhere(spec, c -> {
            for (JsonNode d : c.path("securityContext").path("capabilities").path("drop")) {
                if (d.asText().equals("ALL")) {
                    return false;
                }
            }
            return true;
        });
        Set<String> addNames = new LinkedHashSet<>();
        Set<String> added = new LinkedHashSet<>();
        for (JsonNode c : allContainers(spec)) {
            for (JsonNode cap : c.path("securityContext").path("capabilities").path("add")) {
                if (!cap.asText().equals("NET_BIND_SERVICE")) {
                    addNames.add(c.path("name").asText());
                    added.add(cap.asText());
                }
            }
        }
        List<String> details = new ArrayList<>();
        if (!noDrop.isEmpty()) {
            details.add(containers(noDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!addNames.isEmpty()) {
            details.add(containers(List.copyOf(addNames)) + " must not include " + quoted(added)
                    + " in securityContext.capabilities.add");
        }
        return details.isEmpty() ? null : new Violation("unrestricted capabilities", String.join("; ", details));
    }

    private static Violation runAsNonRoot(JsonNode meta, JsonNode spec) {
        JsonNode podValue = spec.path("securityContext").path("runAsNonRoot");
        boolean podTrue = podValue.isBoolean() && podValue.asBoolean();
        List<String> details = new ArrayList<>();
        if (podValue.isBoolean() && !podValue.asBoolean()) {
            details.add("pod must not set securityContext.runAsNonRoot=false");
        }
        List<String> explicitFalse = containersWhere(spec, c -> {
            JsonNode v = c.path("securityContext").path("runAsNonRoot");
            return v.isBoolean() && !v.asBoolean();
        });
        if (!explicitFalse.isEmpty()) {
            details.add(containers(explicitFalse) + " must not set securityContext.runAsNonRoot=false");
        }
        if (!podTrue) {
            List<String> unset = containersWhere(spec, c -> c.path("securityContext").path("runAsNonRoot").isMissingNode()
                    || c.path("securityContext").path("runAsNonRoot").isNull());
            if (!unset.isEmpty()) {
                details.add("pod or " + containers(unset) + " must set securityContext.runAsNonRoot=true");
            }
        }
        return details.isEmpty() ? null : new Violation("runAsNonRoot != true", String.join("; ", details));
    }

    private static Violation runAsUser(JsonNode meta, JsonNode spec) {
        List<String> details = new ArrayList<>();
        if (isRoot(spec.path("securityContext"))) {
            details.add("pod must not set runAsUser=0");
        }
        List<String> bad = containersWhere(spec, c -> isRoot(c.path("securityContext")));
        if (!bad.isEmpty()) {
            details.add(containers(bad) + " must not set runAsUser=0");
        }
        return details.isEmpty() ? null : new Violation("runAsUser=0", String.join("; ", details));
    }

    private static boolean isRoot(JsonNode securityContext) {
        JsonNode uid = securityContext.path("runAsUser");
        return uid.isNumber() && uid.asLong() == 0;
    }

    private static Violation seccompRestricted(JsonNode meta, JsonNode spec) {
        String podType = spec.path("securityContext").path("seccompProfile").path("type").asText("");
        List<String> details = new ArrayList<>();
        if (podType.equals("Unconfined")) {
            details.add("pod must not set securityContext.seccompProfile.type to \"Unconfined\"");
        }
        List<String> unconfined = containersWhere(spec, PodChecks::isUnconfinedSeccompOf);
        if (!unconfined.isEmpty()) {
            details.add(containers(unconfined) + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
        }
        boolean podOk = podType.equals("RuntimeDefault") || podType.equals("Localhost");
        if (!podOk) {
            List<String> unset = containersWhere(spec, c ->
                    c.path("securityContext").path("seccompProfile").path("type").asText("").isEmpty());
            if (!unset.isEmpty()) {
                details.add("pod or " + containers(unset)
                        + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
            }
        }
        return details.isEmpty() ? null : new Violation("seccompProfile", String.join("; ", details));
    }

    private static boolean isUnconfinedSeccompOf(JsonNode container) {
        return isUnconfinedSeccomp(container.path("securityContext"));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static List<JsonNode> allContainers(JsonNode spec) {
        List<JsonNode> all = new ArrayList<>();
        spec.path("initContainers").forEach(all::add);
        spec.path("containers").forEach(all::add);
        spec.path("ephemeralContainers").forEach(all::add);
        return all;
    }

    private static List<String> containersWhere(JsonNode spec, java.util.function.Predicate<JsonNode> test) {
        return allContainers(spec).stream().filter(test).map(c -> c.path("name").asText()).toList();
    }

    /** {@code container "a"} or {@code containers "a", "b"}. */
    private static String containers(List<String> names) {
        return plural("container", names);
    }

    private static String plural(String noun, List<String> names) {
        return noun + (names.size() == 1 ? " " : "s ") + quoted(names);
    }

    private static String quoted(java.util.Collection<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    }
}
