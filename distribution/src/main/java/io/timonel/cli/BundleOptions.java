package io.timonel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options every command that reads the configuration shares, and where the bundle's defaults
 * are: the launcher passes the bundle directory as system property {@code timonel.home}.
 */
public final class BundleOptions {

    static final String HOME_PROPERTY = "timonel.home";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (YAML). Default: conf/timonel.yaml of the bundle, when present.")
    Path config;

    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "Directory of plugin jars. Default: plugins.dir of the config file, else plugins/ of "
                    + "the bundle.")
    Path pluginsDir;

    /** The bundle directory ({@code bin/..}), when run through the launcher. */
    static Optional<Path> home() {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home));
    }

    /** The configuration in force: {@code --config}, else the bundle's, else nothing set. */
    ConfigFile loadConfig() throws IOException {
        if (config != null) {
            return ConfigFile.load(config);
        }
        Optional<Path> bundled = home().map(home -> home.resolve("conf").resolve("timonel.yaml"))
                .filter(Files::isRegularFile);
        return bundled.isPresent() ? ConfigFile.load(bundled.get()) : ConfigFile.empty();
    }

    /** The plugins directory in force, absolute; null when there is none at all. */
    Path pluginsDir(ConfigFile settings) {
        if (pluginsDir != null) {
            return absolute(pluginsDir);
        }
        if (settings.plugins().dir() != null) {
            return absolute(Path.of(settings.plugins().dir()));
        }
        return home().map(home -> absolute(home.resolve("plugins"))).orElse(null);
    }

    static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
