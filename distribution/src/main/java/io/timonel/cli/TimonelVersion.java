package io.timonel.cli;

import io.timonel.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version of this build, from a resource Maven fills in. */
public final class TimonelVersion {

    private TimonelVersion() {
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when run outside a Maven build's output. */
    public static String current() {
        try (InputStream in = TimonelVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines {@code timonel version} and {@code --version} print. */
    public static String[] lines() {
        return new String[] {
            "Timonel " + current(),
            "SPI " + SpiVersion.CURRENT,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }

    /** For picocli's {@code --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }
}
