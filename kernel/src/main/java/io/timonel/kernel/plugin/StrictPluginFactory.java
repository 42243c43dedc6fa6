package io.timonel.kernel.plugin;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * Creates a plugin's {@code Plugin-Class} and says why when it cannot: PF4J's default factory only
 * logs and returns null, which would leave the host with a bare NullPointerException to report.
 * A plugin without {@code Plugin-Class} gets a plain {@link Plugin} (extensions only, no life cycle).
 */
final class StrictPluginFactory implements PluginFactory {

    @Override
    public Plugin create(PluginWrapper wrapper) {
        String className = wrapper.getDescriptor().getPluginClass();
        Class<?> pluginClass;
        try {
            pluginClass = wrapper.getPluginClassLoader().loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException(e, "cannot load its Plugin-Class {}: {}", className, e);
        }
        int modifiers = pluginClass.getModifiers();
        if (!Plugin.class.isAssignableFrom(pluginClass) || Modifier.isAbstract(modifiers)
                || Modifier.isInterface(modifiers)) {
            throw new PluginRuntimeException("its Plugin-Class {} is not a concrete subclass of {}", className,
                    Plugin.class.getName());
        }
        try {
            try {
                Constructor<?> constructor = pluginClass.getConstructor();
                return (Plugin) constructor.newInstance();
            } catch (NoSuchMethodException e) {
                // PF4J's older convention, still supported by PF4J itself
                Constructor<?> constructor = pluginClass.getConstructor(PluginWrapper.class);
                return (Plugin) constructor.newInstance(wrapper);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new PluginRuntimeException(cause, "its constructor threw {}", cause);
        } catch (ReflectiveOperationException e) {
            throw new PluginRuntimeException(e, "cannot instantiate {}: needs a public no-argument constructor",
                    className);
        }
    }
}
