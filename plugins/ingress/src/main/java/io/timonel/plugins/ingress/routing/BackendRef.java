package io.timonel.plugins.ingress.routing;

import java.util.Objects;

/**
 * A Service port an Ingress sends traffic to: {@code service.name} in the Ingress's namespace and
 * either {@code port.number} or {@code port.name} (exactly one is set).
 *
 * @param namespace  the Ingress's (and so the Service's) namespace
 * @param service    the Service's name
 * @param portNumber the Service port's number, or 0 when the port is named
 * @param portName   the Service port's name, or null when the port is numbered
 */
public record BackendRef(String namespace, String service, int portNumber, String portName) {

    public BackendRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(service, "service");
        if ((portNumber > 0) == (portName != null)) {
            throw new IllegalArgumentException("exactly one of port number and port name: " + portNumber + "/" + portName);
        }
    }

    public static BackendRef numbered(String namespace, String service, int port) {
        return new BackendRef(namespace, service, port, null);
    }

    public static BackendRef named(String namespace, String service, String port) {
        return new BackendRef(namespace, service, 0, port);
    }

    @Override
    public String toString() {
        return namespace + "/" + service + ":" + (portName != null ? portName : Integer.toString(portNumber));
    }
}
