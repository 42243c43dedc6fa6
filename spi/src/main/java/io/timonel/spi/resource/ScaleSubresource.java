package io.timonel.spi.resource;

/**
 * Where a resource keeps the numbers the {@code scale} subresource (autoscaling/v1 Scale) reads
 * and writes: JSON paths such as {@code .spec.replicas}.
 *
 * @param specReplicasPath   desired replicas
 * @param statusReplicasPath observed replicas
 * @param labelSelectorPath  the selector: a string (as custom resources keep it in status), or a
 *                           label selector object or label map (as built-in workloads keep it in
 *                           spec), which the scale reports in its string form; or {@code null}
 */
public record ScaleSubresource(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {

    /** The paths every built-in scalable workload uses. */
    public static final ScaleSubresource STANDARD =
            new ScaleSubresource(".spec.replicas", ".status.replicas", ".spec.selector");
}
