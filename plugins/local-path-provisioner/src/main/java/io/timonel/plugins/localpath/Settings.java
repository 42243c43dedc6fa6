package io.timonel.plugins.localpath;

import java.util.Map;

/**
 * The provisioner's settings ({@code controllers.local-path-provisioner.*}).
 *
 * @param basePath     the directory on the nodes under which each volume gets {@code <basePath>/<pv name>}
 *                     (setting {@code basePath}, default {@code /var/lib/timonel/local-path})
 * @param storageClass the StorageClass installed and served (setting {@code storageClass}, default {@code local-path})
 * @param makeDefault  whether the installed class is made the cluster's default when there is none
 *                     (setting {@code defaultClass}, default true)
 */
record Settings(String basePath, String storageClass, boolean makeDefault) {
    /** The provisioner name in StorageClasses and on the volumes it creates. */
    static final String PROVISIONER = "timonel.io/local-path";

    static Settings from(Map<String, String> config) {
        String base = config.getOrDefault("basePath", "/var/lib/timonel/local-path");
        while (base.length() > 1 && base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return new Settings(base, config.getOrDefault("storageClass", "local-path"),
                !"false".equalsIgnoreCase(config.getOrDefault("defaultClass", "true")));
    }
}
