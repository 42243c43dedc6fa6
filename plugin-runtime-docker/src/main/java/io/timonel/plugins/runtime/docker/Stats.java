package io.timonel.plugins.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.plugins.runtime.docker.engine.EngineConnection;
import io.timonel.spi.runtime.ContainerStats;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.time.Instant;

/**
 * One reading of a container's resource use ({@code GET /containers/{id}/stats?stream=false&one-shot=true}:
 * one-shot skips the engine's second sample, which would cost a second per call).
 */
final class Stats {
    private final Engine engine;

    Stats(Engine engine) {
        this.engine = engine;
    }

    ContainerStats read(String containerId) {
        String target = "/containers/" + containerId + "/stats?stream=false&one-shot=true";
        JsonNode stats;
        try (EngineConnection connection = engine.call("reading stats of " + containerId,
                () -> engine.socket().request("GET", target, null))) {
            stats = engine.json().readTree(connection.readBody(1024 * 1024));
        } catch (IOException e) {
            throw new RuntimeUnavailableException("reading stats of " + containerId + ": " + e.getMessage(), e);
        }
        return of(stats, engine.clock().instant());
    }

    /** The reading in Docker's stats document; {@code now} when the document carries no time. */
    static ContainerStats of(JsonNode stats, Instant now) {
        Instant read = DockerTimes.parse(stats.path("read").asText(null));
        long cpu = stats.path("cpu_stats").path("cpu_usage").path("total_usage").asLong(0);
        return new ContainerStats(read == null ? now : read, cpu, workingSet(stats.path("memory_stats")));
    }

    /**
     * Usage less the inactive file cache (which the kernel reclaims before it kills), as the
     * kubelet counts the working set; cgroup v1 reports it as {@code total_inactive_file}, v2 as
     * {@code inactive_file}.
     */
    static long workingSet(JsonNode memory) {
        long usage = memory.path("usage").asLong(0);
        JsonNode detail = memory.path("stats");
        long inactive = detail.has("total_inactive_file")
                ? detail.path("total_inactive_file").asLong(0)
                : detail.path("inactive_file").asLong(0);
        return Math.max(0, usage - inactive);
    }
}
