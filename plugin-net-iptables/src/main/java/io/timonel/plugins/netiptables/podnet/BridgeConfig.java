package io.timonel.plugins.netiptables.podnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The CNI network configuration list of a node's pod network: pods hang off the Linux bridge
 * {@value #BRIDGE} through veth pairs, the bridge holds the gateway (the first address of the
 * node's pod CIDR), host-local hands out addresses from that CIDR, portmap forwards host ports.
 * The bridge does not masquerade: the service proxy masquerades what leaves the cluster CIDR.
 * Hairpin mode lets a pod reach itself through a Service.
 */
public final class BridgeConfig {
    public static final String NETWORK = "timonel";
    public static final String BRIDGE = "timonel0";
    public static final String CNI_VERSION = "1.0.0";
    /** The conf file's name: the lowest in the directory, so containerd's CRI takes it. */
    public static final String FILE = "10-timonel.conflist";

    private BridgeConfig() {
    }

    /**
     * The list for a node whose bridge is {@code bridgeName} ({@value #BRIDGE} but in tests), whose
     * pod CIDRs are {@code podCidrs} (one range each), whose host-local allocations live in
     * {@code ipamDataDir}.
     */
    public static ObjectNode conflist(ObjectMapper json, String bridgeName, List<String> podCidrs, Path ipamDataDir) {
        ObjectNode list = json.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", NETWORK);
        ArrayNode plugins = list.putArray("plugins");

        ObjectNode bridge = plugins.addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", bridgeName);
        bridge.put("isGateway", true);
        bridge.put("ipMasq", false);
        bridge.put("hairpinMode", true);
        ObjectNode ipam = bridge.putObject("ipam");
        ipam.put("type", "host-local");
        ArrayNode ranges = ipam.putArray("ranges");
        for (String cidr : podCidrs) {
            ranges.addArray().addObject().put("subnet", cidr);
        }
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.put("dataDir", ipamDataDir.toString());

        ObjectNode portmap = plugins.addObject();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        return list;
    }

    /** The loopback network every sandbox gets first (its {@code lo} up). */
    public static ObjectNode loopback(ObjectMapper json) {
        ObjectNode list = json.createObjectNode();
        list.put("cniVersion", CNI_VERSION);
        list.put("name", "cni-loopback");
        list.putArray("plugins").addObject().put("type", "loopback");
        return list;
    }
}
