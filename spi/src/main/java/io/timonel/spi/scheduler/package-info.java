/**
 * The scheduling framework's extension points, shaped like Kubernetes' scheduling framework.
 *
 * <p>A third-party policy is a PF4J plugin with one {@link io.timonel.spi.scheduler.SchedulerPlugin}
 * extension: a named factory that the scheduler calls once per profile that enables it, with the
 * profile's {@code pluginConfig[].args}. The instance it returns implements one or more stage
 * interfaces ({@link io.timonel.spi.scheduler.Filter}, {@link io.timonel.spi.scheduler.Score}, ...);
 * the scheduler calls each stage the profile enables it for.
 *
 * <p>Threads: queue-sort, pre-filter, filter, post-filter, pre-score, score, normalise, reserve,
 * unreserve and permit run on the one scheduling thread, one pod at a time, against an
 * immutable {@link io.timonel.spi.scheduler.Snapshot}. Pre-bind and bind run on binding threads,
 * several pods at once. Stages answer with a {@link io.timonel.spi.scheduler.Status}, never by
 * throwing (a thrown exception counts as {@link io.timonel.spi.scheduler.Status.Code#ERROR}).
 */
package io.timonel.spi.scheduler;
