package io.timonel.plugins.netiptables.netpol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * "Pods" for integration tests: network namespaces on a Linux bridge of their own, each with an
 * address in a test subnet and busybox httpd servers. Everything is named {@code tnp-<4 hex>} so
 * that parallel runs do not collide, and {@link #close()} removes it all (servers, namespaces,
 * links, the FORWARD rule that lets the bridge forward under Docker's DROP policy).
 */
final class NetnsPods implements AutoCloseable {
    final String id = HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(256))
            + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(256));
    final String bridge = "tnp-" + id;
    final String subnet = "10.251." + ThreadLocalRandom.current().nextInt(1, 255);
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();
    private final Path www;
    private boolean forwardRule;

    NetnsPods() throws IOException {
        www = Files.createTempDirectory("tnp-www");
        Files.writeString(www.resolve("index.html"), "ok\n");
    }

    /** Whether this machine can run them: root, ip, iptables-restore, busybox, bridged traffic through iptables. */
    static boolean supported() {
        try {
            return "0".equals(run("id", "-u").strip())
                    && Files.isExecutable(Path.of("/bin/busybox"))
                    && !run("sh", "-c", "command -v ip && command -v iptables-restore").isBlank()
                    && "1".equals(Files.readString(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables")).strip());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Creates the bridge and lets it forward between its ports. */
    void start() throws IOException {
        sh("ip link add " + bridge + " type bridge && ip addr add " + subnet + ".1/24 dev " + bridge
                + " && ip link set " + bridge + " up");
        restore("-A FORWARD -i " + bridge + " -o " + bridge + " -m comment --comment " + bridge + " -j ACCEPT");
        forwardRule = true;
    }

    /** A namespace {@code tnp-<id>-<name>} at {@code subnet.<host>} serving HTTP on {@code ports}; returns its address. */
    String add(String name, int host, int... ports) throws IOException {
        String ns = bridge + "-" + name;
        String veth = "tnp" + id + name;
        String ip = subnet + "." + host;
        sh("ip netns add " + ns);
        namespaces.add(ns);
        sh("ip link add " + veth + " type veth peer name eth0 netns " + ns
                + " && ip link set " + veth + " master " + bridge + " up"
                + " && ip netns exec " + ns + " ip addr add " + ip + "/24 dev eth0"
                + " && ip netns exec " + ns + " ip link set eth0 up"
                + " && ip netns exec " + ns + " ip link set lo up");
        for (int port : ports) {
            servers.add(new ProcessBuilder("ip", "netns", "exec", ns, "/bin/busybox", "httpd", "-f", "-p",
                    Integer.toString(port), "-h", www.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        return ip;
    }

    /**
     * Whether an HTTP GET from namespace {@code from} to {@code ip:port} is answered, giving up
     * after a second of silence (busybox nc: its static wget crashes on this machine).
     */
    boolean reaches(String from, String ip, int port) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", bridge + "-" + from, "/bin/busybox", "nc", "-w", "1",
                    ip, Integer.toString(port)).redirectErrorStream(true).start();
            try (var stdin = p.getOutputStream()) {
                stdin.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // refused before it read the request: the output says so
            }
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("200 OK");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        servers.forEach(Process::destroyForcibly);
        for (Process p : servers) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            quietly("ip netns del " + ns);
        }
        quietly("ip link del " + bridge);
        if (forwardRule) {
            try {
                restore("-D FORWARD -i " + bridge + " -o " + bridge + " -m comment --comment " + bridge + " -j ACCEPT");
            } catch (IOException e) {
                // reported by the caller's check of the table, if it matters
            }
        }
        try (var files = Files.list(www)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(www);
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    static void restore(String rule) throws IOException {
        Process p = new ProcessBuilder("iptables-restore", "--noflush").redirectErrorStream(true).start();
        p.getOutputStream().write(("*filter\n" + rule + "\nCOMMIT\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("iptables-restore failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private static void sh(String script) throws IOException {
        run("sh", "-c", script);
    }

    private static void quietly(String script) {
        try {
            sh(script);
        } catch (IOException e) {
            // best effort: cleanup goes on
        }
    }
}
