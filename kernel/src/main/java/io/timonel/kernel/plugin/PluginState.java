package io.timonel.kernel.plugin;

/** Where a plugin found in the plugins directory stands, as {@code timonel plugins} shows it. */
public enum PluginState {
    /** Running: its extensions are in use. */
    STARTED,
    /** Loaded and compatible, not started: seen when plugins are listed without starting them. */
    RESOLVED,
    /** Switched off by the configuration: loaded for listing, never started. */
    DISABLED,
    /** Its {@code Plugin-Requires} does not accept this kernel's SPI version; not started. */
    INCOMPATIBLE,
    /** Needs another plugin that is absent, of a wrong version, or not started; not started. */
    UNRESOLVED,
    /** Threw while being created or started; the kernel goes on without it. */
    FAILED,
    /** The file is no usable plugin: unreadable, no or incomplete descriptor, or a duplicate id. */
    INVALID,
    /** Was started and has been stopped, as the kernel shut down. */
    STOPPED
}
