/**
 * The node agent (the kubelet's job), PF4J plugin {@code node-agent}: {@link io.timonel.plugins.nodeagent.NodeAgent}
 * runs on every server for its own Node.
 *
 * <p>Where things are:
 * <ul>
 *   <li>{@code config} — the settings ({@code controllers.node-agent.*}, camelCase or kebab-case):
 *       {@code runtime} (docker), {@code imagesDir}, {@code port} (10250; 0 any), {@code maxPods} (110),
 *       {@code address} (the host's first non-loopback IPv4), {@code clusterDns}, {@code clusterDomain}
 *       (cluster.local), {@code evictionHard} (memory.available&lt;100Mi,nodefs.available&lt;10%),
 *       {@code leaseInterval} (10s), {@code statusInterval} (10s), {@code statusReport} (1m),
 *       {@code relistInterval} (1s), {@code resyncInterval} (10s), {@code runtimeRetry} (5s),
 *       {@code evictionInterval} (10s); the runtime provider gets the same settings
 *       ({@code docker.socket}, {@code containerd.socket} …).</li>
 *   <li>{@code runtimeconn} — the one runtime connection everything holds, kept up by a supervisor.</li>
 *   <li>{@code node} — the Node (registration, status, conditions) and its Lease.</li>
 *   <li>{@code pods} — one worker per pod; {@code PodSync} is the level-based sync (sandbox, init
 *       containers, containers, restarts, deletion) over {@code RuntimeView} (the runtime's listing
 *       by pod, and what changed); the pod status (phase, conditions, container statuses, QoS).</li>
 *   <li>{@code probes} — liveness, readiness and startup probes, lifecycle hooks.</li>
 *   <li>{@code images} — pull policy and the images directory import.</li>
 *   <li>{@code eviction} — pressure signals and evictions.</li>
 *   <li>{@code events} — core/v1 Events from component {@code kubelet}.</li>
 *   <li>{@code env} — container environments; {@code volumes} — pod volumes on the node;
 *       {@code streaming} — logs, exec, attach and port-forward for the API server.</li>
 * </ul>
 */
package io.timonel.plugins.nodeagent;
