package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Service proxy's scenarios with the iptables data plane (the default mode). */
class ServiceProxyIT extends ServiceProxyScenarios {

    @Override
    String mode() {
        return "iptables";
    }

    @Override
    boolean toolsPresent() {
        return true;
    }

    @Override
    boolean programmed() {
        return lab.in(node, "iptables-save", "-t", "nat").output()
                .contains("-A PREROUTING -m comment --comment \"timonel service portals\" -j TIMONEL-SERVICES");
    }

    @Override
    void assertNothingLeft() {
        String nat = lab.in(node, "iptables-save", "-t", "nat").output();
        String filter = lab.in(node, "iptables-save", "-t", "filter").output();
        assertFalse(nat.contains("TIMONEL-") || filter.contains("TIMONEL-"),
                "stopping the proxy removes its chains and jumps:\n" + nat + filter);
    }
}
