/**
 * {@code timonel bench api}: the API benchmark of issue 2.
 *
 * <p>{@link io.timonel.cli.bench.ApiBenchCommand} drives the phases and prints a
 * {@link io.timonel.cli.bench.BenchReport}. Load comes from {@link io.timonel.cli.bench.ClosedLoopLoad}
 * (peak throughput at N clients) and {@link io.timonel.cli.bench.PacedLoad} (latency at a fixed
 * rate, measured from each request's scheduled send). Requests go through
 * {@link io.timonel.cli.bench.KubeApi} over a small pool of JDK HTTP/1.1 clients
 * ({@link io.timonel.cli.bench.HttpPool}) authenticated by the admin kubeconfig
 * ({@link io.timonel.cli.bench.KubeconfigCredentials}); the etcd side uses the same pool class
 * against etcd's JSON gateway, so both pay for HTTP and JSON.
 *
 * <p>Everything the benchmark starts — the server, etcd, temporary folders, namespaces on a
 * server it did not start — is undone by a {@code Cleanup}, also on Ctrl-C. It only ever sends
 * traffic to loopback.
 */
package io.timonel.cli.bench;
