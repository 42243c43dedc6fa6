package io.timonel.kernel.plugin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One plugin file and what became of it.
 *
 * @param id      the plugin's id ({@code Plugin-Id}); for an {@link PluginState#INVALID} file without
 *                one, the file name
 * @param version its {@code Plugin-Version}, or empty when unknown
 * @param state   where it stands
 * @param reason  why it is in that state when that is not the normal course (failed, incompatible,
 *                disabled, unresolved, invalid); empty otherwise
 * @param path    the jar it was loaded from
 */
public record PluginReport(String id, String version, PluginState state, String reason, Path path) {

    public PluginReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        version = version == null ? "" : version;
        reason = reason == null ? "" : reason;
    }

    /** One line for logs and the CLI, e.g. {@code core-api 0.1.0 STARTED} or {@code x 1.0 FAILED: boom}. */
    public String describe() {
        String line = id + (version.isEmpty() ? "" : " " + version) + " " + state;
        return reason.isEmpty() ? line : line + ": " + reason;
    }
}
