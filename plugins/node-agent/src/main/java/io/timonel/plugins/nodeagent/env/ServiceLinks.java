package io.timonel.plugins.nodeagent.env;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.timonel.spi.runtime.ContainerConfig.EnvVar;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The Docker-link style variables Kubernetes gives containers for Services: for each Service with
 * a ClusterIP, {@code NAME_SERVICE_HOST}, {@code NAME_SERVICE_PORT} (first port),
 * {@code NAME_SERVICE_PORT_<PORTNAME>} for named ports, {@code NAME_PORT} (first port's URL) and
 * {@code NAME_PORT_<port>_<PROTO>} with {@code _PROTO}, {@code _PORT} and {@code _ADDR}.
 * NAME is the Service's name upper-cased with {@code -} as {@code _}.
 */
public final class ServiceLinks {
    static final String MASTER_NAMESPACE = "default";
    static final String MASTER_SERVICE = "kubernetes";

    private ServiceLinks() {
    }

    /**
     * The Services whose variables a pod in {@code namespace} gets: those of its namespace when
     * {@code enableServiceLinks}, and always the API server's {@code default/kubernetes} (unless a
     * Service of the same name in the pod's namespace takes its place).
     */
    public static List<Service> visibleTo(String namespace, boolean enableServiceLinks, Collection<Service> ownNamespace,
                                          Collection<Service> defaultNamespace) {
        java.util.Map<String, Service> byName = new java.util.TreeMap<>();
        for (Service s : defaultNamespace) {
            if (MASTER_SERVICE.equals(s.getMetadata().getName()) && hasClusterIp(s)) {
                byName.put(MASTER_SERVICE, s);
            }
        }
        if (enableServiceLinks) {
            for (Service s : ownNamespace) {
                boolean master = MASTER_NAMESPACE.equals(namespace) && MASTER_SERVICE.equals(s.getMetadata().getName());
                if (hasClusterIp(s) && !master) {
                    byName.put(s.getMetadata().getName(), s);
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /** The variables of {@code services}, Service by Service in name order. */
    public static List<EnvVar> of(Collection<Service> services) {
        List<EnvVar> out = new ArrayList<>();
        services.stream().filter(ServiceLinks::hasClusterIp)
                .filter(s -> s.getSpec().getPorts() != null && !s.getSpec().getPorts().isEmpty())
                .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .forEach(s -> add(s, out));
        return out;
    }

    private static void add(Service service, List<EnvVar> out) {
        String prefix = variableName(service.getMetadata().getName());
        String ip = service.getSpec().getClusterIP();
        List<ServicePort> ports = service.getSpec().getPorts();
        out.add(new EnvVar(prefix + "_SERVICE_HOST", ip));
        out.add(new EnvVar(prefix + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort())));
        for (ServicePort port : ports) {
            if (port.getName() != null && !port.getName().isEmpty()) {
                out.add(new EnvVar(prefix + "_SERVICE_PORT_" + variableName(port.getName()), String.valueOf(port.getPort())));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            String protocol = port.getProtocol() == null || port.getProtocol().isEmpty() ? "TCP" : port.getProtocol();
            String lower = protocol.toLowerCase(Locale.ROOT);
            String url = lower + "://" + hostPort(ip, port.getPort());
            if (i == 0) {
                out.add(new EnvVar(prefix + "_PORT", url));
            }
            String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            out.add(new EnvVar(portPrefix, url));
            out.add(new EnvVar(portPrefix + "_PROTO", lower));
            out.add(new EnvVar(portPrefix + "_PORT", String.valueOf(port.getPort())));
            out.add(new EnvVar(portPrefix + "_ADDR", ip));
        }
    }

    static boolean hasClusterIp(Service s) {
        String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
        return ip != null && !ip.isEmpty() && !ip.equals("None");
    }

    private static String variableName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String hostPort(String ip, Integer port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
