package io.timonel.plugins.scheduler.config;

import java.util.List;

/** One stage's {@code enabled} and {@code disabled} lists ({@code *} in disabled removes every default). */
public record StageConfig(List<PluginRef> enabled, List<PluginRef> disabled) {

    public static final StageConfig EMPTY = new StageConfig(List.of(), List.of());

    public StageConfig {
        enabled = List.copyOf(enabled);
        disabled = List.copyOf(disabled);
    }

    public boolean disablesAll() {
        return disabled.stream().anyMatch(r -> r.name().equals("*"));
    }

    public boolean disables(String name) {
        return disabled.stream().anyMatch(r -> r.name().equals(name));
    }
}
