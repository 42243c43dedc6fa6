package io.timonel.plugins.netiptables.netpol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of the chains this component owns. iptables caps a chain name at 28 characters, so
 * per-pod chains carry a hash of the pod's namespace/name: stable across restarts (a resync
 * rewrites the same chains) and distinct per pod.
 */
final class ChainNames {
    /** The chain FORWARD and OUTPUT jump to. */
    static final String ROOT = "TIMONEL-NETPOL";
    /** The prefix of every per-pod chain. */
    static final String POD_PREFIX = "TIMONEL-NP-";

    private ChainNames() {
    }

    static String ingress(String namespace, String name) {
        return POD_PREFIX + "IN-" + hash(namespace + "/" + name);
    }

    static String egress(String namespace, String name) {
        return POD_PREFIX + "OUT-" + hash(namespace + "/" + name);
    }

    /** Whether {@code chain} is one of this component's (what a resync may delete). */
    static boolean owned(String chain) {
        return chain.equals(ROOT) || chain.startsWith(POD_PREFIX);
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
