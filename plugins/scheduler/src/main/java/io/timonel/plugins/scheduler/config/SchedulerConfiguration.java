package io.timonel.plugins.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's configuration, read from a file shaped like Kubernetes'
 * {@code KubeSchedulerConfiguration} ({@code kubescheduler.config.k8s.io/v1}): {@code profiles[]}
 * with {@code schedulerName}, {@code plugins.<stage>.enabled/disabled} (names and score weights)
 * and {@code pluginConfig[].args}, and {@code percentageOfNodesToScore}. Fields it does not know
 * are ignored; an unknown stage is an error.
 */
public record SchedulerConfiguration(int percentageOfNodesToScore, List<ProfileConfig> profiles) {

    public static final String DEFAULT_SCHEDULER = "default-scheduler";
    static final Set<String> STAGES = Set.of("multiPoint", "queueSort", "preEnqueue", "preFilter", "filter", "postFilter",
            "preScore", "score", "reserve", "permit", "preBind", "bind", "postBind");

    /** No file: one profile, {@code default-scheduler}, with Kubernetes' default policies. */
    public static SchedulerConfiguration defaults() {
        return new SchedulerConfiguration(0, List.of(new ProfileConfig(DEFAULT_SCHEDULER, 0, Map.of(), Map.of())));
    }

    public static SchedulerConfiguration load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** @throws IllegalArgumentException when the document is not a valid configuration */
    public static SchedulerConfiguration parse(String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("scheduler configuration is not YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("scheduler configuration must be a YAML object");
        }
        String kind = root.path("kind").asText("KubeSchedulerConfiguration");
        if (!kind.equals("KubeSchedulerConfiguration")) {
            throw new IllegalArgumentException("scheduler configuration kind must be KubeSchedulerConfiguration, not " + kind);
        }
        int percentage = percentage(root.path("percentageOfNodesToScore"));
        List<ProfileConfig> profiles = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (JsonNode p : root.path("profiles")) {
            String name = p.path("schedulerName").asText(DEFAULT_SCHEDULER);
            if (!names.add(name)) {
                throw new IllegalArgumentException("two scheduler profiles are named " + name);
            }
            Map<String, StageConfig> stages = new LinkedHashMap<>();
            p.path("plugins").fields().forEachRemaining(e -> {
                if (!STAGES.contains(e.getKey())) {
                    throw new IllegalArgumentException("profile " + name + ": unknown stage plugins." + e.getKey());
                }
                stages.put(e.getKey(), new StageConfig(refs(e.getValue().path("enabled")), refs(e.getValue().path("disabled"))));
            });
            Map<String, JsonNode> args = new HashMap<>();
            for (JsonNode c : p.path("pluginConfig")) {
                args.put(c.path("name").asText(), c.path("args"));
            }
            profiles.add(new ProfileConfig(name, percentage(p.path("percentageOfNodesToScore")), stages, args));
        }
        if (profiles.isEmpty()) {
            profiles.add(new ProfileConfig(DEFAULT_SCHEDULER, 0, Map.of(), Map.of()));
        }
        return new SchedulerConfiguration(percentage, profiles);
    }

    private static int percentage(JsonNode n) {
        int v = n.asInt(0);
        if (v < 0 || v > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be 0..100, not " + v);
        }
        return v;
    }

    private static List<PluginRef> refs(JsonNode list) {
        List<PluginRef> out = new ArrayList<>();
        for (JsonNode r : list) {
            String name = r.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a plugin entry without a name");
            }
            out.add(new PluginRef(name, r.hasNonNull("weight") ? r.get("weight").asInt() : null));
        }
        return out;
    }
}
