package io.timonel.plugins.netiptables.netpol;

/** What becomes of traffic no policy allows (setting {@code denyAction}). */
enum DenyAction {
    /** Silently discarded: the sender times out (what most network plugins do; the default). */
    DROP("-j DROP"),
    /** Refused with an ICMP port-unreachable, as kube-router does: the sender fails at once. */
    REJECT("-j REJECT");

    private final String target;

    DenyAction(String target) {
        this.target = target;
    }

    /** The iptables target that ends a pod chain. */
    String target() {
        return target;
    }
}
