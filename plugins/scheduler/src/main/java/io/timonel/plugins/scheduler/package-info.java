/**
 * The Kubernetes scheduler as a Timonel controller ({@code scheduler}).
 *
 * <p>Shape: {@link io.timonel.plugins.scheduler.SchedulerController} watches pods, nodes, claims
 * and storage classes and feeds the {@link io.timonel.plugins.scheduler.cache.SchedulerCache}
 * (nodes with bound and assumed pods) and the
 * {@link io.timonel.plugins.scheduler.queue.SchedulingQueue} (active, back-off, unschedulable);
 * {@link io.timonel.plugins.scheduler.Scheduler} pops pods and runs the
 * {@link io.timonel.plugins.scheduler.framework.Profile} their {@code spec.schedulerName} names,
 * then binds off its thread. Policies live in {@code policies}, one per class.
 *
 * <p>Settings ({@code controllers.scheduler.*} in the server configuration): {@code config}, the
 * path of a KubeSchedulerConfiguration file; {@code bindingsInFlight} (default 64). Example file:
 * <pre>
 * apiVersion: kubescheduler.config.k8s.io/v1
 * kind: KubeSchedulerConfiguration
 * percentageOfNodesToScore: 0          # 0: adaptive, as Kubernetes
 * profiles:
 * - schedulerName: default-scheduler   # no plugins section: Kubernetes' default profile
 * - schedulerName: packing
 *   plugins:
 *     filter:
 *       disabled: [{name: TaintToleration}]
 *     score:
 *       disabled: [{name: '*'}]
 *       enabled: [{name: NodeResourcesFit, weight: 1}, {name: PreferLabel, weight: 5}]
 *   pluginConfig:
 *   - name: NodeResourcesFit
 *     args: {scoringStrategy: {type: MostAllocated}}
 *   - name: PreferLabel                # a third-party policy from a plugin jar
 *     args: {label: example.timonel.io/fast}
 * </pre>
 */
package io.timonel.plugins.scheduler;
