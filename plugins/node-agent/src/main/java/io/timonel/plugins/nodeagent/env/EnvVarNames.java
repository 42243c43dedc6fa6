package io.timonel.plugins.nodeagent.env;

import java.util.regex.Pattern;

/** Which names Kubernetes accepts as environment variable names (those of {@code envFrom} are checked). */
final class EnvVarNames {
    private static final Pattern VALID = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private EnvVarNames() {
    }

    static boolean valid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
