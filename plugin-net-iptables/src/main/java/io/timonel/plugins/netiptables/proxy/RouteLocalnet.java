package io.timonel.plugins.netiptables.proxy;

import io.timonel.plugins.netiptables.exec.HostProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code net.ipv4.conf.all.route_localnet} switch of a network namespace. Node ports on
 * 127.0.0.1 need it, as with kube-proxy: a packet DNATed from loopback to a pod must be allowed
 * to leave through the pod's interface. The proxy turns it on while it runs and puts back what
 * it found. Read and written through /proc (no sysctl tool needed); in a named namespace through
 * {@code ip netns exec}.
 */
final class RouteLocalnet {
    private static final String FILE = "/proc/sys/net/ipv4/conf/all/route_localnet";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String netns;

    /** @param netns the named network namespace, or null for the process's own */
    RouteLocalnet(String netns) {
        this.netns = netns;
    }

    /** The current value ({@code 0} or {@code 1}), empty when it cannot be read. */
    Optional<String> read() {
        if (netns == null) {
            try {
                return Optional.of(Files.readString(Path.of(FILE)).strip());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        HostProcess.Outcome got = HostProcess.run(List.of("ip", "netns", "exec", netns, "cat", FILE), Map.of(), null,
                TIMEOUT);
        return got.ok() ? Optional.of(got.stdout().strip()) : Optional.empty();
    }

    /** Sets it; returns why when that failed, empty when it worked. */
    Optional<String> set(String value) {
        if (netns == null) {
            try {
                Files.writeString(Path.of(FILE), value);
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of(e.toString());
            }
        }
        HostProcess.Outcome set = HostProcess.run(List.of("ip", "netns", "exec", netns, "tee", FILE), Map.of(),
                HostProcess.utf8(value), TIMEOUT);
        return set.ok() ? Optional.empty() : Optional.of(set.stderr().strip());
    }
}
