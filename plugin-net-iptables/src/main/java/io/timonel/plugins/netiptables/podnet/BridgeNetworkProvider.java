package io.timonel.plugins.netiptables.podnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.timonel.spi.network.PodNetwork;
import io.timonel.spi.network.PodNetworkProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The {@code bridge} pod network: a Linux bridge per node with the node's pod CIDR, wired by the
 * CNI plugins of Debian's containernetworking-plugins. Node agent settings it reads:
 * {@code cniBinDir} (default {@value #BIN_DIR}), {@code cniConfDir} (default {@value #CONF_DIR}) and
 * {@code cniBridge} (default {@value BridgeConfig#BRIDGE});
 * its state lives in {@code <agent state>/cni}.
 */
@Extension
public final class BridgeNetworkProvider implements PodNetworkProvider {
    static final String BIN_DIR = "/usr/lib/cni";
    static final String CONF_DIR = "/etc/cni/net.d";

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public PodNetwork open(String nodeName, Map<String, String> settings, Path stateDir) {
        Path bin = Path.of(setting(settings, "cniBinDir", "cni-bin-dir", BIN_DIR));
        Path conf = Path.of(setting(settings, "cniConfDir", "cni-conf-dir", CONF_DIR));
        String bridge = setting(settings, "cniBridge", "cni-bridge", BridgeConfig.BRIDGE);
        return new BridgePodNetwork(new ObjectMapper(), new ExecCniPlugins(bin, Duration.ofSeconds(60)), bin, conf,
                bridge, stateDir.resolve("cni"));
    }

    private static String setting(Map<String, String> settings, String camel, String kebab, String fallback) {
        String v = settings.get(camel);
        if (v == null) {
            v = settings.get(kebab);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
