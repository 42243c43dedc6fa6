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

    /**
     * Makes the routes to other nodes' pod CIDRs these ({@code podCIDR -> node address}). A node
     * whose address is this host's own (another node on the same machine) gets no route: its
     * pods are on a bridge of this host already, and a route "via" a local address would replace
     * that bridge's own route. Only routes this table installed are ever replaced or deleted.
     */
    void sync(Map<String, String> wanted) {
        for (String cidr : new ArrayList<>(installed.keySet())) {
            if (!wanted.containsKey(cidr)) {
                remove(cidr);
            }
        }
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (e.getValue().equals(installed.get(e.getKey()))) {
                continue;
            }
            if (isLocal(e.getValue())) {
                if (installed.containsKey(e.getKey())) {
                    remove(e.getKey());
                }
                LOG.debug("pod-routes: {} is on this machine ({}): no route", e.getKey(), e.getValue());
                continue;
            }
            if (!installed.containsKey(e.getKey()) && hasConnectedRoute(e.getKey())) {
                LOG.warn("pod-routes: {} is on a link of this machine already: no route via {}", e.getKey(),
                        e.getValue());
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

    private void remove(String cidr) {
        Commands.Result r = ip("route", "del", cidr, "via", installed.remove(cidr));
        if (!r.ok()) {
            // the route went via a next hop towards that address: delete it by what it is now
            Commands.Result shown = ip("route", "show", "exact", cidr);
            Matcher m = VIA.matcher(shown.output());
            if (m.find()) {
                ip("route", "del", cidr, "via", m.group(1), "dev", m.group(2));
            }
        }
        LOG.info("pod-routes: removed the route to {}", cidr);
    }

    /** Whether {@code address} is one of this host's own (the kernel routes it to itself). */
    private boolean isLocal(String address) {
        Commands.Result r = ip("route", "get", address);
        return r.ok() && r.output().startsWith("local ");
    }

    /** Whether a link of this host carries {@code cidr} (the kernel's own route for an address there). */
    private boolean hasConnectedRoute(String cidr) {
        Commands.Result r = ip("route", "show", "exact", cidr, "proto", "kernel");
        return r.ok() && !r.output().isBlank();
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
