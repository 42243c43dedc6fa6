package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod fields the downward API exposes through {@code fieldRef}, rendered as Kubernetes renders
 * them: a whole label or annotation map is one {@code key="value"} line per entry, sorted by key,
 * with the value quoted as Go's {@code %q} does.
 */
public final class PodFields {
    private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

    private PodFields() {
    }

    /**
     * The value of {@code fieldPath} for {@code pod}; empty when the path is not one the downward
     * API supports. {@code podIp} and {@code hostIp} stand for {@code status.podIP(s)} and
     * {@code status.hostIP(s)} (the agent knows them before the pod's status says so).
     */
    public static Optional<String> value(Pod pod, String fieldPath, String podIp, String hostIp) {
        if (fieldPath == null) {
            return Optional.empty();
        }
        ObjectMeta meta = pod.getMetadata() == null ? new ObjectMeta() : pod.getMetadata();
        Matcher subscript = SUBSCRIPT.matcher(fieldPath);
        if (subscript.matches()) {
            Map<String, String> map = subscript.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
            return Optional.of(map == null ? "" : map.getOrDefault(subscript.group(2), ""));
        }
        return Optional.ofNullable(switch (fieldPath) {
            case "metadata.name" -> nonNull(meta.getName());
            case "metadata.namespace" -> nonNull(meta.getNamespace());
            case "metadata.uid" -> nonNull(meta.getUid());
            case "metadata.labels" -> formatMap(meta.getLabels());
            case "metadata.annotations" -> formatMap(meta.getAnnotations());
            case "spec.nodeName" -> pod.getSpec() == null ? "" : nonNull(pod.getSpec().getNodeName());
            case "spec.serviceAccountName" -> pod.getSpec() == null ? "" : nonNull(pod.getSpec().getServiceAccountName());
            case "status.podIP", "status.podIPs" -> nonNull(podIp);
            case "status.hostIP", "status.hostIPs" -> nonNull(hostIp);
            default -> null;
        });
    }

    /** A map as the downward API writes it: {@code key="value"} lines sorted by key, no trailing newline. */
    public static String formatMap(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(e.getKey()).append('=').append(goQuote(e.getValue()));
        }
        return out.toString();
    }

    /** A string quoted as Go's {@code strconv.Quote} quotes it (the escapes that occur in practice). */
    static String goQuote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else if (Character.isISOControl(cp) || !Character.isDefined(cp)) {
                        out.append(cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
