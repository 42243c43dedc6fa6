package io.timonel.kernel.plugin;

import io.timonel.kernel.KernelConfig;
import io.timonel.spi.SpiVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's plugin host: PF4J plugins from a directory of jars, and the extensions they and
 * the kernel itself contribute.
 *
 * <p>Life cycle: {@link #load} reads every {@code *.jar} in the directory (nothing is started,
 * so listing plugins has no side effects), {@link #start} starts the plugins that may start, in
 * dependency order, and {@link #close} stops them in reverse order. Through it all, nothing a
 * plugin does takes the host down: a plugin whose {@code Plugin-Requires} does not accept
 * {@link SpiVersion#CURRENT}, that lacks a dependency, whose jar is unusable, or that throws while
 * starting is {@linkplain #reports() reported} by name with the reason and left out — unless the
 * configuration marks it required, in which case {@link #start} fails. Plugins disabled in the
 * configuration are loaded (so they can be listed) but never started.
 *
 * <p>Thread-safety: all methods are synchronized; the kernel calls them at start-up and shutdown.
 */
public final class PluginHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path pluginsDir;
    private final Set<String> disabled;
    private final Set<String> required;
    private final HostPluginManager manager;
    /** One entry per jar, in file-name order; a loaded plugin's report is derived from PF4J's state. */
    private final Map<Path, Candidate> candidates = new LinkedHashMap<>();
    /** Plugins left out at start for reasons PF4J does not track (a dependency did not start). */
    private final Map<String, String> unresolvedAtStart = new HashMap<>();
    private boolean started;
    private boolean closed;

    /** What is known of one jar: its descriptor, or why it could not be loaded. */
    private record Candidate(Path path, PluginDescriptor descriptor, PluginState problemState, String problem) {
        boolean loadedFine() {
            return problemState == null;
        }
    }

    private PluginHost(Path pluginsDir, Set<String> disabled, Set<String> required) {
        this.pluginsDir = pluginsDir;
        this.disabled = Set.copyOf(disabled);
        this.required = Set.copyOf(required);
        this.manager = new HostPluginManager(pluginsDir == null ? Path.of("plugins") : pluginsDir, this.disabled);
    }

    /**
     * Loads the plugins of {@code pluginsDir} without starting any. A missing or null directory
     * means no plugins; the kernel's own extensions are still found.
     *
     * @param disabled plugin ids never to start
     * @param required plugin ids without which {@link #start} fails
     * @throws UncheckedIOException when the directory exists but cannot be listed
     */
    public static PluginHost load(Path pluginsDir, Set<String> disabled, Set<String> required) {
        PluginHost host = new PluginHost(pluginsDir, disabled, required);
        host.loadAll();
        return host;
    }

    /** As {@link #load(Path, Set, Set)} with the plugin settings of a kernel configuration. */
    public static PluginHost load(KernelConfig config) {
        return load(config.pluginsDir(), config.disabledPlugins(), config.requiredPlugins());
    }

    /**
     * Starts every loaded plugin that is compatible, resolved and not disabled, in dependency
     * order; a plugin whose dependency did not start is left out as {@link PluginState#UNRESOLVED}.
     * Calling it again does nothing more.
     *
     * @return the reports after starting
     * @throws RequiredPluginException when a required plugin is not {@link PluginState#STARTED}
     *                                 (absent, invalid, incompatible, disabled or failed); the plugins
     *                                 that did start are stopped again first
     */
    public synchronized List<PluginReport> start() {
        if (closed) {
            throw new IllegalStateException("the plugin host is closed");
        }
        if (!started) {
            started = true;
            startAll();
            checkRequired();
        }
        return reports();
    }

    /** One report per jar in the plugins directory, in file-name order. */
    public synchronized List<PluginReport> reports() {
        List<PluginReport> reports = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            reports.add(report(candidate));
        }
        return List.copyOf(reports);
    }

    /**
     * The extensions of {@code type} from the kernel's own class path (built-ins, found through
     * PF4J's extension index) and from started plugins, ordered by their {@code @Extension}
     * ordinal. Each extension is one instance for the life of the host: calling again returns the
     * same objects.
     */
    public synchronized <T> List<T> extensions(Class<T> type) {
        return List.copyOf(manager.getExtensions(type));
    }

    /** The id of the plugin an extension comes from, or {@code kernel} for a built-in. */
    public synchronized String origin(Object extension) {
        PluginWrapper plugin = manager.whichPlugin(extension.getClass());
        return plugin == null ? "kernel" : plugin.getPluginId();
    }

    /** The directory plugins are loaded from; may be null or absent. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /** Stops the started plugins in reverse dependency order. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<PluginWrapper> running = new ArrayList<>(manager.getStartedPlugins());
        java.util.Collections.reverse(running);
        for (PluginWrapper plugin : running) {
            try {
                manager.stopPlugin(plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Plugin {} threw while stopping: {}", plugin.getPluginId(), e.toString());
            }
        }
    }

    private void loadAll() {
        if (pluginsDir == null || !Files.isDirectory(pluginsDir)) {
            return;
        }
        ManifestPluginDescriptorFinder finder = new ManifestPluginDescriptorFinder();
        Map<String, Path> ids = new HashMap<>();
        for (Path jar : jars(pluginsDir)) {
            Candidate candidate = describe(finder, jar, ids);
            if (candidate.loadedFine()) {
                Optional<Throwable> failure = manager.load(jar);
                if (failure.isPresent()) {
                    candidate = new Candidate(jar, candidate.descriptor(), PluginState.INVALID,
                            "cannot be loaded: " + reason(failure.get()));
                } else {
                    ids.put(candidate.descriptor().getPluginId(), jar);
                }
            }
            candidates.put(jar, candidate);
        }
        try {
            manager.resolve();
        } catch (PluginRuntimeException e) {
            // a dependency cycle: PF4J refuses to order any plugin
            for (Candidate candidate : List.copyOf(candidates.values())) {
                if (candidate.loadedFine()) {
                    candidates.put(candidate.path(), new Candidate(candidate.path(), candidate.descriptor(),
                            PluginState.UNRESOLVED, reason(e)));
                }
            }
            return;
        }
        for (Candidate candidate : List.copyOf(candidates.values())) {
            if (candidate.loadedFine() && manager.getPlugin(candidate.descriptor().getPluginId()) == null) {
                candidates.put(candidate.path(), new Candidate(candidate.path(), candidate.descriptor(),
                        PluginState.UNRESOLVED, missingDependencies(candidate.descriptor(), ids.keySet())));
            }
        }
        for (PluginReport report : reports()) {
            LOG.debug("Plugin {}", report.describe());
        }
    }

    /** The descriptor of a jar, or why it is not a usable plugin. */
    private static Candidate describe(ManifestPluginDescriptorFinder finder, Path jar, Map<String, Path> ids) {
        PluginDescriptor descriptor;
        try {
            descriptor = finder.find(jar);
        } catch (RuntimeException e) {
            return new Candidate(jar, null, PluginState.INVALID, "no readable plugin manifest: " + reason(e));
        }
        if (isBlank(descriptor.getPluginId())) {
            return new Candidate(jar, descriptor, PluginState.INVALID, "its manifest has no Plugin-Id");
        }
        if (isBlank(descriptor.getVersion())) {
            return new Candidate(jar, descriptor, PluginState.INVALID, "its manifest has no Plugin-Version");
        }
        Path other = ids.get(descriptor.getPluginId());
        if (other != null) {
            return new Candidate(jar, descriptor, PluginState.INVALID,
                    "plugin id " + descriptor.getPluginId() + " is already taken by " + other.getFileName());
        }
        return new Candidate(jar, descriptor, null, "");
    }

    private void startAll() {
        for (PluginWrapper plugin : manager.getResolvedPlugins()) {
            if (plugin.getPluginState() == org.pf4j.PluginState.DISABLED) {
                continue; // disabled by configuration or incompatible: reported as such
            }
            Optional<String> blocker = notStartedDependency(plugin);
            if (blocker.isPresent()) {
                unresolvedAtStart.put(plugin.getPluginId(), blocker.get());
                LOG.warn("Plugin {} not started: {}", plugin.getPluginId(), blocker.get());
                continue;
            }
            Optional<Throwable> failure = manager.start(plugin);
            if (failure.isPresent()) {
                LOG.error("Plugin {} failed to start; the kernel goes on without it", plugin.getPluginId(),
                        failure.get());
            } else {
                LOG.info("Plugin {} {} started", plugin.getPluginId(), plugin.getDescriptor().getVersion());
            }
        }
        for (PluginReport report : reports()) {
            if (report.state() != PluginState.STARTED) {
                LOG.warn("Plugin {}", report.describe());
            }
        }
    }

    private Optional<String> notStartedDependency(PluginWrapper plugin) {
        for (PluginDependency dependency : plugin.getDescriptor().getDependencies()) {
            PluginWrapper needed = manager.getPlugin(dependency.getPluginId());
            boolean running = needed != null && needed.getPluginState() == org.pf4j.PluginState.STARTED;
            if (!running && !dependency.isOptional()) {
                String state = needed == null ? "absent"
                        : report(candidates.get(needed.getPluginPath())).state().toString();
                return Optional.of("needs plugin " + dependency.getPluginId() + ", which is " + state);
            }
        }
        return Optional.empty();
    }

    private void checkRequired() {
        List<PluginReport> reports = reports();
        List<String> problems = new ArrayList<>();
        for (String id : new TreeSet<>(required)) {
            Optional<PluginReport> report = reports.stream().filter(r -> r.id().equals(id)).findFirst();
            if (report.isEmpty()) {
                problems.add(id + " is not in " + (pluginsDir == null ? "the plugins directory" : pluginsDir));
            } else if (report.get().state() != PluginState.STARTED) {
                problems.add(report.get().describe());
            }
        }
        if (!problems.isEmpty()) {
            close();
            throw new RequiredPluginException("required plugins did not start: " + String.join("; ", problems),
                    reports());
        }
    }

    private PluginReport report(Candidate candidate) {
        PluginDescriptor descriptor = candidate.descriptor();
        String version = descriptor == null ? "" : descriptor.getVersion();
        String id = descriptor == null || isBlank(descriptor.getPluginId())
                ? candidate.path().getFileName().toString() : descriptor.getPluginId();
        if (!candidate.loadedFine()) {
            return new PluginReport(id, version, candidate.problemState(), candidate.problem(), candidate.path());
        }
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin == null) {
            return new PluginReport(id, version, PluginState.UNRESOLVED, "was unloaded", candidate.path());
        }
        return switch (plugin.getPluginState()) {
            case STARTED -> new PluginReport(id, version, PluginState.STARTED, "", candidate.path());
            case STOPPED, UNLOADED -> new PluginReport(id, version, PluginState.STOPPED, "", candidate.path());
            case FAILED -> new PluginReport(id, version, PluginState.FAILED,
                    "start threw " + reason(plugin.getFailedException()), candidate.path());
            case DISABLED -> disabled.contains(id)
                    ? new PluginReport(id, version, PluginState.DISABLED, "disabled in the configuration",
                            candidate.path())
                    : new PluginReport(id, version, PluginState.INCOMPATIBLE, "requires SPI "
                            + descriptor.getRequires() + ", the kernel provides SPI " + SpiVersion.CURRENT,
                            candidate.path());
            default -> unresolvedAtStart.containsKey(id)
                    ? new PluginReport(id, version, PluginState.UNRESOLVED, unresolvedAtStart.get(id),
                            candidate.path())
                    : new PluginReport(id, version, PluginState.RESOLVED, "", candidate.path());
        };
    }

    private static String missingDependencies(PluginDescriptor descriptor, Set<String> present) {
        List<String> missing = new ArrayList<>();
        for (PluginDependency dependency : descriptor.getDependencies()) {
            if (!dependency.isOptional() && !present.contains(dependency.getPluginId())) {
                missing.add(dependency.getPluginId());
            }
        }
        return missing.isEmpty()
                ? "a plugin it depends on has a version it does not accept: " + descriptor.getDependencies()
                : "needs plugins that are not present: " + String.join(", ", missing);
    }

    private static List<Path> jars(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins in " + dir, e);
        }
    }

    /** A short reason: the message of PF4J's own exceptions, else the exception and its root cause. */
    static String reason(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String text = failure instanceof PluginRuntimeException && failure.getMessage() != null
                ? failure.getMessage() : failure.toString();
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure && !text.contains(root.toString())) {
            text += " (caused by " + root + ")";
        }
        return text;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
