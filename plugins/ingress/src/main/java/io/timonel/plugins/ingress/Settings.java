package io.timonel.plugins.ingress;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The ingress controller's settings ({@code controllers.ingress.*}).
 *
 * @param address       the address the listeners bind (setting {@code address}, default {@code 0.0.0.0})
 * @param httpPort      the HTTP port (setting {@code http-port}, default 80; 0 picks a free port)
 * @param httpsPort     the HTTPS port (setting {@code https-port}, default 443; 0 picks a free port,
 *                      a negative value turns HTTPS off)
 * @param ingressClass  the IngressClass ensured at start (setting {@code ingress-class}, default {@code timonel})
 * @param defaultClass  whether that class, when this controller creates it, is annotated as the
 *                      cluster's default (setting {@code default-class}, default true); an existing
 *                      class is left as it is
 * @param statusAddress the addresses written to {@code status.loadBalancer.ingress} (setting
 *                      {@code status-address}, comma separated IPs or host names); empty: the
 *                      InternalIP addresses of the node {@code nodeName}
 * @param nodeName      this server's node (setting {@code node-name}, default the host name in lower case)
 */
record Settings(String address, int httpPort, int httpsPort, String ingressClass, boolean defaultClass,
                List<String> statusAddress, String nodeName) {
    /** The {@code spec.controller} of the IngressClasses this controller serves. */
    static final String CONTROLLER = "timonel.io/ingress";

    static Settings from(Map<String, String> config) {
        return new Settings(config.getOrDefault("address", "0.0.0.0"),
                Integer.parseInt(config.getOrDefault("http-port", "80").trim()),
                Integer.parseInt(config.getOrDefault("https-port", "443").trim()),
                config.getOrDefault("ingress-class", "timonel"),
                !"false".equalsIgnoreCase(config.getOrDefault("default-class", "true").trim()),
                Arrays.stream(config.getOrDefault("status-address", "").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                config.getOrDefault("node-name", hostName()));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
