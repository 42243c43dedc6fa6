package io.timonel.kernel.plugin;

import io.timonel.spi.SpiVersion;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginStatusProvider;
import org.pf4j.PluginWrapper;
import org.pf4j.SingletonExtensionFactory;

/**
 * PF4J's jar plugin manager, adjusted for a host that must say what went wrong with each plugin:
 * loading and starting are done one plugin at a time with the failure returned, not logged and
 * dropped; plugins whose dependencies cannot be resolved are set aside instead of failing all;
 * the system version is the SPI version; disabled plugins come from the configuration, not from
 * a {@code disabled.txt}; an extension is one instance for the life of the host.
 */
final class HostPluginManager extends JarPluginManager {

    HostPluginManager(Path pluginsRoot, Set<String> disabled) {
        super(pluginsRoot);
        // the super constructor built the defaults; replace what depends on our own settings
        this.pluginStatusProvider = new ConfiguredStatus(disabled);
        setSystemVersion(SpiVersion.CURRENT);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new ConfiguredStatus(Set.of());
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new StrictPluginFactory();
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new SingletonExtensionFactory(this);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new JarPluginLoader(this) {
            @Override
            public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
                PluginClassLoader loader = new HostApiFirstClassLoader(pluginManager, descriptor,
                        HostPluginManager.class.getClassLoader());
                loader.addFile(pluginPath.toFile());
                return loader;
            }
        };
    }

    /** Loads one jar; the failure, if any. */
    Optional<Throwable> load(Path jar) {
        try {
            loadPluginFromPath(jar);
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.of(e);
        }
    }

    /** Resolves dependencies among the loaded plugins; unresolvable ones are unloaded. */
    void resolve() {
        resolvePlugins();
    }

    /** Whether the plugin's {@code Plugin-Requires} accepts this SPI version. */
    boolean compatible(PluginWrapper plugin) {
        return isPluginValid(plugin);
    }

    /**
     * Creates and starts one plugin; the failure, if any, also recorded on the wrapper (state
     * FAILED). Unlike PF4J's own loop this catches linkage errors too: a plugin compiled against
     * another SPI fails with one of those, and must not take the kernel down.
     */
    Optional<Throwable> start(PluginWrapper plugin) {
        org.pf4j.PluginState before = plugin.getPluginState();
        try {
            Plugin instance = plugin.getPlugin();
            instance.start();
            plugin.setPluginState(org.pf4j.PluginState.STARTED);
            plugin.setFailedException(null);
            startedPlugins.add(plugin);
            firePluginStateEvent(new PluginStateEvent(this, plugin, before));
            return Optional.empty();
        } catch (Exception | LinkageError | AssertionError e) {
            // Exception too: Plugin.start() declares none, but a plugin may throw checked ones sneakily
            plugin.setPluginState(org.pf4j.PluginState.FAILED);
            plugin.setFailedException(e);
            firePluginStateEvent(new PluginStateEvent(this, plugin, before));
            return Optional.of(e);
        }
    }

    /** Disabled means: named in the configuration. Enabling or disabling at run time stays in memory. */
    private static final class ConfiguredStatus implements PluginStatusProvider {
        private final Set<String> disabled;

        ConfiguredStatus(Set<String> disabled) {
            this.disabled = new HashSet<>(disabled);
        }

        @Override
        public synchronized boolean isPluginDisabled(String pluginId) {
            return disabled.contains(pluginId);
        }

        @Override
        public synchronized void disablePlugin(String pluginId) {
            disabled.add(pluginId);
        }

        @Override
        public synchronized void enablePlugin(String pluginId) {
            disabled.remove(pluginId);
        }
    }
}
