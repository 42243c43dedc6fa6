package io.timonel.plugins.netiptables.podnet;

import java.util.Map;

/**
 * Runs one CNI plugin binary as the CNI specification says: the command and its arguments in the
 * environment ({@code CNI_COMMAND}, {@code CNI_CONTAINERID}, {@code CNI_NETNS}, {@code CNI_IFNAME},
 * {@code CNI_PATH}), the network configuration on stdin, the result or error as JSON on stdout.
 */
public interface CniPlugins {

    /**
     * Runs plugin {@code type} to its end.
     *
     * @param env   the {@code CNI_*} variables
     * @param stdin the plugin's network configuration
     * @return its exit status and stdout
     */
    Invocation run(String type, Map<String, String> env, byte[] stdin);

    /** What a plugin answered: exit status 0 with its result, or its error on stdout (and stderr). */
    record Invocation(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
