/**
 * Node health and taint-based eviction, as Kubernetes' node lifecycle and taint eviction
 * controllers: {@link io.timonel.plugins.controllers.nodelifecycle.NodeLifecycleLoop}, over pure
 * decisions ({@code Probe}, {@code NodeConditions}, {@code NodeTaints}, {@code Eviction},
 * {@code Zones}, {@code TaintLimiter}).
 */
package io.timonel.plugins.controllers.nodelifecycle;
