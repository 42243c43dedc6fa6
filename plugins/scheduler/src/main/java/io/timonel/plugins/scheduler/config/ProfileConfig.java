package io.timonel.plugins.scheduler.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One {@code profiles[]} entry of a KubeSchedulerConfiguration.
 *
 * @param schedulerName            the {@code spec.schedulerName} it serves
 * @param percentageOfNodesToScore 0 for the adaptive default, else 1..100
 * @param stages                   stage name ({@code multiPoint}, {@code filter}, {@code score}, ...) to its lists
 * @param args                     {@code pluginConfig[]}: policy name to args
 */
public record ProfileConfig(String schedulerName, int percentageOfNodesToScore, Map<String, StageConfig> stages,
                            Map<String, JsonNode> args) {

    public StageConfig stage(String name) {
        return stages.getOrDefault(name, StageConfig.EMPTY);
    }
}
