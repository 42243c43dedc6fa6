package io.timonel.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Three "machines" on this one, as network namespaces: a router {@code tn2-<id>-s}, where the
 * control plane runs, and two nodes {@code tn2-<id>-a} and {@code -b}, each on a link of its own to
 * the router (a /30 of {@code 10.199.X.0/24}, X random) with its default route via the router; the
 * host reaches the router over one more link, so that kubectl talks to the server directly. The
 * nodes are in different subnets: traffic between them is routed, as between nodes behind a
 * router. Every namespace's FORWARD policy is DROP, as Docker leaves a host's, so the pod network
 * must let its traffic through itself. Nothing else on the host changes: {@link #close()} deletes
 * the namespaces (with their links, routes and iptables rules) and the host's end of its link.
 */
final class NetnsLab implements AutoCloseable {
    final String id;
    final String router;
    final String nodeA;
    final String nodeB;
    /** The router's address on the host link: where the API server listens. */
    final String routerAddress;
    final String addressA;
    final String addressB;
    private final String hostLink;
    private final List<String> namespaces = new ArrayList<>();

    private NetnsLab(String id, int x) {
        this.id = id;
        this.router = "tn2-" + id + "-s";
        this.nodeA = "tn2-" + id + "-a";
        this.nodeB = "tn2-" + id + "-b";
        this.hostLink = "tn2-" + id + "-h";
        this.routerAddress = "10.199." + x + ".2";
        this.addressA = "10.199." + x + ".6";
        this.addressB = "10.199." + x + ".10";
    }

    /** Whether this machine can build one: root, with iproute2's {@code ip netns}. */
    static boolean possible() {
        return "0".equals(run(List.of("id", "-u")).output().trim()) && run(List.of("ip", "netns", "list")).ok();
    }

    /** Builds the namespaces and links; on failure removes what it made and throws. */
    static NetnsLab create() {
        String id = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        int x = freeSubnet();
        NetnsLab lab = new NetnsLab(id, x);
        try {
            lab.build(x);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** An X whose 10.199.X.0/24 no address or route of the host's uses yet. */
    private static int freeSubnet() {
        String used = run(List.of("ip", "-4", "addr")).output() + run(List.of("ip", "-4", "route")).output();
        for (int i = 0; i < 50; i++) {
            int x = ThreadLocalRandom.current().nextInt(1, 255);
            if (!used.contains("10.199." + x + ".")) {
                return x;
            }
        }
        throw new IllegalStateException("no free 10.199.X.0/24 here");
    }

    private void build(int x) {
        for (String ns : List.of(router, nodeA, nodeB)) {
            must("ip", "netns", "add", ns);
            namespaces.add(ns);
            must("ip", "-n", ns, "link", "set", "lo", "up");
            must("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            must("ip", "netns", "exec", ns, "iptables", "-P", "FORWARD", "DROP");
        }
        // host <-> router: 10.199.X.0/30
        must("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "tn2-" + id + "-u");
        must("ip", "link", "set", "tn2-" + id + "-u", "netns", router);
        must("ip", "addr", "add", "10.199." + x + ".1/30", "dev", hostLink);
        must("ip", "link", "set", hostLink, "up");
        must("ip", "-n", router, "addr", "add", routerAddress + "/30", "dev", "tn2-" + id + "-u");
        must("ip", "-n", router, "link", "set", "tn2-" + id + "-u", "up");
        // router <-> node A: 10.199.X.4/30, router <-> node B: 10.199.X.8/30
        link(nodeA, "a", "10.199." + x + ".5", addressA);
        link(nodeB, "b", "10.199." + x + ".9", addressB);
    }

    private void link(String node, String tag, String routerSide, String nodeSide) {
        String up = "tn2-" + id + "-" + tag + "u";
        String down = "tn2-" + id + "-" + tag + "d";
        must("ip", "link", "add", up, "type", "veth", "peer", "name", down);
        must("ip", "link", "set", up, "netns", router);
        must("ip", "link", "set", down, "netns", node);
        must("ip", "-n", router, "addr", "add", routerSide + "/30", "dev", up);
        must("ip", "-n", router, "link", "set", up, "up");
        must("ip", "-n", node, "addr", "add", nodeSide + "/30", "dev", down);
        must("ip", "-n", node, "link", "set", down, "up");
        must("ip", "-n", node, "route", "add", "default", "via", routerSide);
    }

    /** {@code ip netns exec NS}: a command prefix that runs a program inside namespace {@code ns}. */
    static List<String> in(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /** Runs a command inside namespace {@code ns}. */
    static Result exec(String ns, String... command) {
        List<String> full = new ArrayList<>(in(ns));
        full.addAll(List.of(command));
        return run(full);
    }

    @Override
    public void close() {
        for (String ns : namespaces) {
            run(List.of("ip", "netns", "del", ns));
        }
        if (run(List.of("ip", "link", "show", hostLink)).ok()) {
            run(List.of("ip", "link", "del", hostLink));
        }
    }

    record Result(int code, String output) {
        boolean ok() {
            return code == 0;
        }
    }

    private static void must(String... command) {
        Result r = run(List.of(command));
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", command) + ": " + r.output());
        }
    }

    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(124, "timed out: " + command);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, "interrupted");
        }
    }
}
