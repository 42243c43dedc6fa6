package io.timonel.plugins.netiptables.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

/**
 * The Service proxy's scenarios with the nftables data plane ({@code mode=nftables}): the table
 * {@code ip timonel} in the node's namespace, plus the iptables FORWARD accept beside it; both gone
 * once the proxy stops.
 */
class NftablesServiceProxyIT extends ServiceProxyScenarios {

    @Override
    String mode() {
        return "nftables";
    }

    @Override
    boolean toolsPresent() {
        return NetnsLab.run(List.of("nft", "--version")).ok();
    }

    @Override
    boolean programmed() {
        String table = lab.in(node, "nft", "list", "table", "ip", "timonel").output();
        return table.contains("chain nat-prerouting") && table.contains("vmap @service-ips");
    }

    @Override
    void assertNothingLeft() {
        NetnsLab.Run table = lab.in(node, "nft", "list", "table", "ip", "timonel");
        assertFalse(table.ok(), "stopping the proxy deletes its table:\n" + table.output());
        String filter = lab.in(node, "iptables-save", "-t", "filter").output();
        assertFalse(filter.contains("TIMONEL-"), "and the FORWARD accept:\n" + filter);
    }
}
