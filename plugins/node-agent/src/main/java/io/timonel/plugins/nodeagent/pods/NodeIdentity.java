package io.timonel.plugins.nodeagent.pods;

import java.nio.file.Path;

/**
 * What a pod's sandbox and status take from the node.
 *
 * @param nodeName      the Node's name
 * @param hostIp        the node's InternalIP (the pods' hostIP)
 * @param hostname      the machine's host name (the hostname of hostNetwork pods)
 * @param stateDir      the agent's state directory (logs, hosts files)
 * @param clusterDns    the cluster DNS server for dnsPolicy ClusterFirst, or null
 * @param clusterDomain the cluster's DNS domain
 * @param resolvConf    the node's resolv.conf
 */
public record NodeIdentity(String nodeName, String hostIp, String hostname, Path stateDir, String clusterDns,
                           String clusterDomain, Path resolvConf) {

    /** The directory of one pod's container logs. */
    public Path logDirectory(String namespace, String name, String uid) {
        return stateDir.resolve("logs").resolve(namespace + "_" + name + "_" + uid);
    }

    /** The directory of the files the agent writes for one pod (its hosts file). */
    public Path podDirectory(String uid) {
        return stateDir.resolve("pods").resolve(uid);
    }
}
