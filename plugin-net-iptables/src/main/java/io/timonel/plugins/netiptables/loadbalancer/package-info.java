/**
 * The service load balancer (what k3s's servicelb does): a leader-only controller that gives each
 * Service of type LoadBalancer an address — from a configured pool, or the Ready nodes' internal
 * addresses when there is none — and writes it into {@code status.loadBalancer.ingress}; the
 * Service proxy on every node then answers on it.
 */
package io.timonel.plugins.netiptables.loadbalancer;
