package io.timonel.plugins.netiptables.proxy;

import io.timonel.plugins.netiptables.exec.HostProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code net.ipv4.conf.all.route_localnet} switch of a network namespace. Node ports on
 * 127.0.0.1 need it, as with kube-proxy: a packet DNATed from loopback to a pod must be allowed
 * to leave through the pod's interface. The proxy turns it on while it runs and puts back what
 * it found.
 */
final class RouteLocalnet {
    private static final String KEY = "net.ipv4.conf.all.route_localnet";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String netns;

    /** @param netns the named network namespace, or null for the process's own */
    RouteLocalnet(String netns) {
        this.netns = netns;
    }

    /** The current value ({@code 0} or {@code 1}), empty when it cannot be read. */
    Optional<String> read() {
        HostProcess.Outcome got = HostProcess.run(argv("-n", KEY), Map.of(), null, TIMEOUT);
        return got.ok() ? Optional.of(got.stdout().strip()) : Optional.empty();
    }

    /** Sets it; returns the error output when that failed, empty when it worked. */
    Optional<String> set(String value) {
        HostProcess.Outcome set = HostProcess.run(argv("-q", "-w", KEY + "=" + value), Map.of(), null, TIMEOUT);
        return set.ok() ? Optional.empty() : Optional.of(set.stderr().strip());
    }

    private List<String> argv(String... sysctl) {
        List<String> argv = new ArrayList<>();
        if (netns != null) {
            argv.addAll(List.of("ip", "netns", "exec", netns));
        }
        argv.add("sysctl");
        argv.addAll(List.of(sysctl));
        return argv;
    }
}
