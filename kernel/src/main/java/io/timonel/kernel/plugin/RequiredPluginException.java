package io.timonel.kernel.plugin;

import java.util.List;

/**
 * Start-up cannot go on: a plugin the configuration marks as required did not start. The message
 * names every such plugin with its state and reason.
 */
public final class RequiredPluginException extends IllegalStateException {

    private final transient List<PluginReport> reports;

    RequiredPluginException(String message, List<PluginReport> reports) {
        super(message);
        this.reports = List.copyOf(reports);
    }

    /** What became of every plugin, the required ones included. */
    public List<PluginReport> reports() {
        return reports;
    }
}
