package io.timonel.plugins.netiptables.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's routes to the other nodes' pod CIDRs, and the catch-all routes of the cluster's
 * ranges on a dummy interface. A route goes via the other node's address when it is on a link of
 * this host, else via the gateway this host uses to reach that address (nodes behind a router,
 * or network namespaces behind the host). Not thread-safe: one caller.
 */
final class RouteTable {
    static final String VOID = "timonel-void";
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    private static final Pattern VIA = Pattern.compile("\\bvia (\\S+) dev (\\S+)");

    private final Commands commands;
    private final Map<String, String> installed = new java.util.HashMap<>();

    RouteTable(Commands commands) {
        this.commands = commands;
    }

    /**
     * The dummy interface with a route for each range, so that nothing addressed to them leaves
     * the machine. Not blackhole routes: a local connection to a Service address must be routed
     * before iptables' OUTPUT chain gets to translate it.
     */
    void blackhole(List<String> ranges) {
        if (!ip("link", "show", VOID).ok()) {
            Commands.Result made = ip("link", "add", VOID, "type", "dummy");
            if (!made.ok()) {
                // a kernel without the dummy driver: a bridge without ports swallows packets as well
                made = ip("link", "add", VOID, "type", "bridge");
            }
            if (!made.ok()) {
                LOG.warn("pod-routes: cannot make the dummy interface {}: {}", VOID, made.output());
                return;
            }
        }
        ip("link", "set", VOID, "up");
        for (String range : ranges) {
            Commands.Result r = ip("route", "replace", range, "dev", VOID, "proto", "static");
            if (!r.ok()) {
                LOG.warn("pod-routes: no local route for {}: {}", range, r.output());
            }
        }
    }

    /** Makes the routes to other nodes' pod CIDRs these ({@code podCIDR -> node address}). */
    void sync(Map<String, String> wanted) {
        for (String cidr : new ArrayList<>(installed.keySet())) {
            if (!wanted.containsKey(cidr)) {
                ip("route", "del", cidr);
                installed.remove(cidr);
                LOG.info("pod-routes: removed the route to {}", cidr);
            }
        }
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (e.getValue().equals(installed.get(e.getKey()))) {
                continue;
            }
            Commands.Result direct = ip("route", "replace", e.getKey(), "via", e.getValue());
            if (!direct.ok()) {
                Optional<String[]> hop = nextHop(e.getValue());
                direct = hop.isEmpty() ? direct
                        : ip("route", "replace", e.getKey(), "via", hop.get()[0], "dev", hop.get()[1]);
            }
            if (direct.ok()) {
                installed.put(e.getKey(), e.getValue());
                LOG.info("pod-routes: {} via node address {}", e.getKey(), e.getValue());
            } else {
                LOG.warn("pod-routes: no route to {} via {}: {}", e.getKey(), e.getValue(), direct.output());
            }
        }
    }

    /** The gateway and device this host reaches {@code address} through, when it is not on a link. */
    private Optional<String[]> nextHop(String address) {
        Commands.Result r = ip("route", "get", address);
        Matcher m = VIA.matcher(r.output());
        return r.ok() && m.find() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    /** Removes what this table added: the node routes and the dummy interface (with its routes). */
    void clear() {
        sync(Map.of());
        ip("link", "del", VOID);
    }

    private Commands.Result ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return commands.run(command, "");
    }
}
