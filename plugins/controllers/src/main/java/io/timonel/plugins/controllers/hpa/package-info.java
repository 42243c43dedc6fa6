/**
 * The HorizontalPodAutoscaler (autoscaling/v2) controller:
 * {@link io.timonel.plugins.controllers.hpa.HorizontalPodAutoscalerLoop}, reading usage through
 * {@link io.timonel.plugins.controllers.hpa.PodMetricsSource} (the metrics API by default), with
 * the replica arithmetic ({@code ReplicaCalculator}) and behavior ({@code Normalizer},
 * {@code ScalingRules}) as pure code.
 */
package io.timonel.plugins.controllers.hpa;
