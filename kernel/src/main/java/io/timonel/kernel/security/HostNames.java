package io.timonel.kernel.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The names by which clients may reach this host: its host name and every interface address. */
final class HostNames {

    /** The names every API server certificate carries, as in Kubernetes. */
    static final List<String> STANDARD = List.of("localhost", "127.0.0.1", "::1", "kubernetes",
            "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    private static final Path LINUX_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private HostNames() {
    }

    /** The host name and all addresses of all interfaces that are up. Never does a DNS lookup. */
    static List<String> current() {
        List<String> names = new ArrayList<>();
        String hostName = hostName();
        if (!hostName.isBlank()) {
            names.add(hostName);
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    names.add(address.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // no interface list: the loopback names in STANDARD still work
        }
        return names;
    }

    private static String hostName() {
        // InetAddress.getLocalHost() resolves the name, which can stall start-up on a host whose
        // name is not in DNS; the kernel's own record is instant
        try {
            if (Files.isReadable(LINUX_HOSTNAME)) {
                return Files.readString(LINUX_HOSTNAME, StandardCharsets.US_ASCII).trim();
            }
        } catch (IOException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null ? "" : env.trim();
    }
}
