package io.timonel.plugins.netiptables.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The names of the proxy's chains. Per-service chains are named from a hash of the service port's
 * key, so a name is stable across restarts and fits iptables' 28 characters.
 */
public final class ChainNames {
    /** nat and filter: the entry from the built-in chains, dispatching on destination. */
    public static final String SERVICES = "TIMONEL-SERVICES";
    /** nat: node ports, jumped to from {@link #SERVICES} for traffic to this node's addresses. */
    public static final String NODEPORTS = "TIMONEL-NODEPORTS";
    /** nat: masquerading of marked traffic and of pod traffic leaving the cluster CIDR. */
    public static final String POSTROUTING = "TIMONEL-POSTROUTING";
    /** nat: marks a connection to be masqueraded in {@link #POSTROUTING}. */
    public static final String MARK_MASQ = "TIMONEL-MARK-MASQ";
    /** filter: rejects traffic to external addresses and node ports of services without endpoints. */
    public static final String EXTERNAL = "TIMONEL-EXTERNAL";
    /** filter: accepts forwarded service traffic (Docker sets the FORWARD policy to DROP). */
    public static final String FORWARD = "TIMONEL-FORWARD";

    /** Prefix of a service port's chain over all its endpoints. */
    public static final String SVC_PREFIX = "TIMONEL-SVC-";
    /** Prefix of a service port's chain over this node's endpoints (traffic policy Local). */
    public static final String SVL_PREFIX = "TIMONEL-SVL-";
    /** Prefix of a service port's chain for external traffic (node port, external IPs, load balancer). */
    public static final String EXT_PREFIX = "TIMONEL-EXT-";
    /** Prefix of the {@code recent} lists that remember a client's endpoint (session affinity). */
    public static final String AFFINITY_PREFIX = "TIMONEL-SEP-";

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private ChainNames() {
    }

    /** Whether {@code chain} is one the proxy owns (and may delete when it is no longer wanted). */
    public static boolean owned(String chain) {
        return chain.startsWith(SVC_PREFIX) || chain.startsWith(SVL_PREFIX) || chain.startsWith(EXT_PREFIX)
                || chain.equals(SERVICES) || chain.equals(NODEPORTS) || chain.equals(POSTROUTING)
                || chain.equals(MARK_MASQ) || chain.equals(EXTERNAL) || chain.equals(FORWARD);
    }

    public static String svc(ServicePort port) {
        return SVC_PREFIX + hash(port.key());
    }

    public static String svl(ServicePort port) {
        return SVL_PREFIX + hash(port.key());
    }

    public static String ext(ServicePort port) {
        return EXT_PREFIX + hash(port.key());
    }

    /** The {@code recent} list of one endpoint of one service port. */
    public static String affinity(ServicePort port, Endpoint endpoint) {
        return AFFINITY_PREFIX + hash(port.key() + "/" + endpoint.destination());
    }

    /** 16 base32 characters (80 bits) of the SHA-256 of {@code text}. */
    public static String hash(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        StringBuilder out = new StringBuilder(16);
        long bits = 0;
        int held = 0;
        int next = 0;
        while (out.length() < 16) {
            bits = (bits << 8) | (digest[next++] & 0xff);
            held += 8;
            while (held >= 5 && out.length() < 16) {
                out.append(BASE32[(int) (bits >>> (held - 5)) & 31]);
                held -= 5;
            }
        }
        return out.toString();
    }
}
