package io.timonel.plugins.netiptables.routes;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets traffic from and to the cluster CIDR through this host's FORWARD chain (Docker sets its
 * policy to DROP): pods on one bridge (br_netfilter passes bridged frames through iptables), and
 * pods of other nodes routed through this one. Chain {@value #CHAIN}, jumped to from the end of
 * FORWARD once (after Docker's rules, which accept only their own bridge, and after the
 * NetworkPolicy chain, which goes first and must see the traffic before it is accepted); both
 * removed by {@link #remove()}. Only through {@code iptables-restore --noflush}.
 */
final class ForwardRules {
    static final String CHAIN = "TIMONEL-PODNET-FORWARD";
    private static final Logger LOG = LoggerFactory.getLogger(ForwardRules.class);
    private final Commands commands;

    ForwardRules(Commands commands) {
        this.commands = commands;
    }

    void install(String clusterCidr) {
        boolean jumps = commands.run(List.of("iptables-save", "-t", "filter"), "").output()
                .contains("-A FORWARD -j " + CHAIN);
        String rules = "*filter\n"
                + ":" + CHAIN + " - [0:0]\n"
                + "-F " + CHAIN + "\n"
                + "-A " + CHAIN + " -s " + clusterCidr + " -m comment --comment \"timonel pod network\" -j ACCEPT\n"
                + "-A " + CHAIN + " -d " + clusterCidr + " -m comment --comment \"timonel pod network\" -j ACCEPT\n"
                + (jumps ? "" : "-A FORWARD -j " + CHAIN + "\n")
                + "COMMIT\n";
        Commands.Result r = commands.run(List.of("iptables-restore", "--noflush"), rules);
        if (!r.ok()) {
            LOG.warn("pod-routes: forward rules not installed: {}", r.output());
        }
    }

    void remove() {
        String saved = commands.run(List.of("iptables-save", "-t", "filter"), "").output();
        if (!saved.contains(":" + CHAIN)) {
            return;
        }
        String rules = "*filter\n"
                + (saved.contains("-A FORWARD -j " + CHAIN) ? "-D FORWARD -j " + CHAIN + "\n" : "")
                + "-F " + CHAIN + "\n"
                + "-X " + CHAIN + "\n"
                + "COMMIT\n";
        Commands.Result r = commands.run(List.of("iptables-restore", "--noflush"), rules);
        if (!r.ok()) {
            LOG.warn("pod-routes: forward rules not removed: {}", r.output());
        }
    }
}
