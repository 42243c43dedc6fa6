package io.timonel.plugins.scheduler.config;

/** A policy named in a stage's {@code enabled} or {@code disabled} list; weight only matters for scores. */
public record PluginRef(String name, Integer weight) {
}
