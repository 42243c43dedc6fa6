package io.timonel.plugins.nodeagent.node;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What the node reports about the machine it runs on, read once at start.
 *
 * @param cpus          logical processors
 * @param memoryBytes   MemTotal of /proc/meminfo
 * @param osImage       PRETTY_NAME of /etc/os-release
 * @param kernelVersion the running kernel's release
 * @param architecture  Go's name for the CPU architecture (amd64, arm64)
 * @param machineId     /etc/machine-id
 * @param systemUuid    the DMI product UUID, or one derived from the machine id when unreadable
 * @param bootId        /proc/sys/kernel/random/boot_id
 * @param hostname      the machine's host name
 */
public record MachineFacts(int cpus, long memoryBytes, String osImage, String kernelVersion, String architecture,
                           String machineId, String systemUuid, String bootId, String hostname) {

    /** Reads the facts from the files under {@code root} ("/" on a real machine). */
    public static MachineFacts read(Path root) {
        String machineId = firstLine(root.resolve("etc/machine-id")).orElse("");
        String uuid = firstLine(root.resolve("sys/class/dmi/id/product_uuid"))
                .orElse(UUID.nameUUIDFromBytes(machineId.getBytes(StandardCharsets.UTF_8)).toString());
        return new MachineFacts(
                Runtime.getRuntime().availableProcessors(),
                Meminfo.read(root.resolve("proc/meminfo")).total(),
                osImage(root.resolve("etc/os-release")),
                firstLine(root.resolve("proc/sys/kernel/osrelease")).orElse(System.getProperty("os.version", "")),
                goArch(System.getProperty("os.arch", "")),
                machineId,
                uuid,
                firstLine(root.resolve("proc/sys/kernel/random/boot_id")).orElse(""),
                localHostname());
    }

    /** Go's GOARCH for a Java os.arch. */
    static String goArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            default -> javaArch;
        };
    }

    /** The PRETTY_NAME of an os-release file, unquoted. */
    static String osImage(Path osRelease) {
        try {
            for (String line : Files.readAllLines(osRelease, StandardCharsets.UTF_8)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    String v = line.substring("PRETTY_NAME=".length()).trim();
                    if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
                        v = v.substring(1, v.length() - 1);
                    }
                    return v;
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "Linux";
    }

    private static Optional<String> firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(lines.get(0).trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "localhost" : env;
        }
    }

    /**
     * The host's primary IPv4 address: the source address of its default route, else the first
     * IPv4 address of an interface that is up, not loopback and not a container bridge or veth, or
     * 127.0.0.1 when there is none. (Interface order alone would pick whatever link a test or a
     * container network added last.)
     */
    public static String firstIpv4() {
        try (DatagramSocket probe = new DatagramSocket()) {
            // connecting a UDP socket picks the route without sending; 192.0.2.1 is TEST-NET-1
            probe.connect(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 9));
            InetAddress source = probe.getLocalAddress();
            if (source instanceof Inet4Address && !source.isAnyLocalAddress() && !source.isLoopbackAddress()) {
                return source.getHostAddress();
            }
        } catch (IOException | RuntimeException e) {
            // no default route: look at the interfaces
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || virtual(nic.getName())) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException ignored) {
            // fall through
        }
        return "127.0.0.1";
    }

    private static boolean virtual(String name) {
        return name.startsWith("docker") || name.startsWith("br-") || name.startsWith("veth")
                || name.startsWith("cni") || name.startsWith("virbr") || name.startsWith("flannel")
                || name.startsWith("kube-") || name.startsWith("timonel");
    }
}
