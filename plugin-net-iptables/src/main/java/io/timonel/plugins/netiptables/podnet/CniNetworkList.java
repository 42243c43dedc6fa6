package io.timonel.plugins.netiptables.podnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a CNI network configuration list the way a CNI runtime does (libcni's job): ADD through
 * the plugins in order, each given the previous one's result; DEL in reverse order, each given
 * the result the ADD ended with. Each plugin's stdin is its own object of the list plus the
 * list's {@code cniVersion} and {@code name}, and {@code runtimeConfig} for the capabilities it
 * declares.
 */
public final class CniNetworkList {
    private final ObjectMapper json;
    private final CniPlugins plugins;
    private final Path binDir;

    public CniNetworkList(ObjectMapper json, CniPlugins plugins, Path binDir) {
        this.json = json;
        this.plugins = plugins;
        this.binDir = binDir;
    }

    /** The outcome of ADD: the final result, or why a plugin failed. */
    public record Added(JsonNode result, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Adds the container to the network.
     *
     * @param capabilities runtime values by capability name ({@code portMappings})
     */
    public Added add(JsonNode list, String containerId, String netns, String ifName, Map<String, JsonNode> capabilities) {
        JsonNode prev = null;
        for (JsonNode plugin : list.path("plugins")) {
            ObjectNode stdin = stdin(list, plugin, capabilities, prev);
            CniPlugins.Invocation run = plugins.run(plugin.path("type").asText(),
                    env("ADD", containerId, netns, ifName), bytes(stdin));
            if (!run.ok()) {
                return new Added(null, plugin.path("type").asText() + ": " + error(run));
            }
            try {
                prev = json.readTree(run.stdout());
            } catch (java.io.IOException e) {
                return new Added(null, plugin.path("type").asText() + " answered no JSON: " + run.stdout());
            }
        }
        return new Added(prev == null ? json.createObjectNode() : prev, null);
    }

    /** Removes the container from the network; returns the first plugin error, or null. All plugins run. */
    public String delete(JsonNode list, String containerId, String netns, String ifName,
                         Map<String, JsonNode> capabilities, JsonNode addResult) {
        List<JsonNode> order = new ArrayList<>();
        list.path("plugins").forEach(order::add);
        String firstError = null;
        for (int i = order.size() - 1; i >= 0; i--) {
            JsonNode plugin = order.get(i);
            ObjectNode stdin = stdin(list, plugin, capabilities, addResult);
            CniPlugins.Invocation run = plugins.run(plugin.path("type").asText(),
                    env("DEL", containerId, netns, ifName), bytes(stdin));
            if (!run.ok() && firstError == null) {
                firstError = plugin.path("type").asText() + ": " + error(run);
            }
        }
        return firstError;
    }

    private ObjectNode stdin(JsonNode list, JsonNode plugin, Map<String, JsonNode> capabilities, JsonNode prev) {
        ObjectNode conf = ((ObjectNode) plugin).deepCopy();
        conf.put("cniVersion", list.path("cniVersion").asText());
        conf.put("name", list.path("name").asText());
        ObjectNode runtimeConfig = json.createObjectNode();
        plugin.path("capabilities").fields().forEachRemaining(cap -> {
            if (cap.getValue().asBoolean() && capabilities.containsKey(cap.getKey())) {
                runtimeConfig.set(cap.getKey(), capabilities.get(cap.getKey()));
            }
        });
        if (!runtimeConfig.isEmpty()) {
            conf.set("runtimeConfig", runtimeConfig);
        }
        if (prev != null) {
            conf.set("prevResult", prev);
        }
        return conf;
    }

    private Map<String, String> env(String command, String containerId, String netns, String ifName) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns == null ? "" : netns);
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", binDir.toString());
        return env;
    }

    private byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The plugin's error message ({@code {"code":…,"msg":…,"details":…}} on stdout), else its stderr. */
    private String error(CniPlugins.Invocation run) {
        try {
            JsonNode err = json.readTree(run.stdout());
            if (err != null && err.has("msg")) {
                String details = err.path("details").asText("");
                return err.path("msg").asText() + (details.isEmpty() ? "" : ": " + details);
            }
        } catch (java.io.IOException ignored) {
            // not JSON: stderr says more
        }
        String text = (run.stdout() + " " + run.stderr()).trim();
        return text.isEmpty() ? "exit status " + run.exitCode() : text;
    }
}
