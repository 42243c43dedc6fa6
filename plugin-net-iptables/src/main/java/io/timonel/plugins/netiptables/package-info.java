/**
 * Networking on Linux with iptables: {@code iptables} (the shared runner every feature applies its
 * rules through), {@code proxy} (the Service proxy, a node component), {@code loadbalancer} (the
 * service load balancer, a leader-only controller), and the pod network and NetworkPolicy packages.
 */
package io.timonel.plugins.netiptables;
