/**
 * The cluster DNS addon: {@link io.timonel.plugins.clusterdns.ClusterDns} (a node component) with
 * its record index ({@code records}), the watch that feeds it ({@code watch}), the UDP/TCP server
 * ({@code server}) and the kube-dns Service it publishes ({@code publish}).
 */
package io.timonel.plugins.clusterdns;
