package io.timonel.kernel.plugin;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the plugin's own classes first (so that a plugin may bundle libraries
 * in versions of its choosing), except for the packages through which plugin and kernel talk —
 * the SPI, Jackson and SLF4J — which always come from the kernel. Were a plugin to bundle a copy
 * of those, its extensions would implement interfaces the kernel does not know and could not be
 * used.
 *
 * <p>The plugin's extension index is read from its own jar only: falling through to the kernel's
 * index would list the kernel's built-in extensions a second time, as if the plugin had them.
 */
final class HostApiFirstClassLoader extends PluginClassLoader {

    /** Packages always taken from the kernel (PF4J itself and the JDK are handled by PF4J). */
    static final List<String> HOST_PACKAGES = List.of("io.timonel.spi.", "com.fasterxml.jackson.", "org.slf4j.");
    static final String EXTENSIONS_INDEX = "META-INF/extensions.idx";

    HostApiFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        for (String prefix : HOST_PACKAGES) {
            if (className.startsWith(prefix)) {
                return getParent().loadClass(className);
            }
        }
        return super.loadClass(className);
    }

    @Override
    public URL getResource(String name) {
        return EXTENSIONS_INDEX.equals(name) ? findResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return EXTENSIONS_INDEX.equals(name) ? findResources(name) : super.getResources(name);
    }
}
