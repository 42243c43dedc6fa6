package io.timonel.plugins.controllers.endpoints;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The address the API server advertises to pods (the {@code kubernetes} Service's endpoint), as
 * kube-apiserver's {@code --advertise-address} defaults: the address it is reached at when that
 * is a real one, else the host's primary IPv4 address — the source of its default route, else the
 * first IPv4 address of an interface that is up and neither loopback nor a bridge or veth of
 * containers — and loopback only when the host has nothing else.
 */
final class AdvertisedAddress {
    /** Interfaces of container networking: their addresses are not where pods on other nodes reach us. */
    private static final List<String> CONTAINER_LINKS = List.of("docker", "br-", "veth", "timonel", "cni", "virbr",
            "flannel", "cali", "tnt-");
    /** A TEST-NET-1 address: connecting a UDP socket to it picks the default route without sending. */
    private static final String PROBE = "192.0.2.1";

    /** An IPv4 address of a network interface. */
    record Candidate(String interfaceName, InetAddress address) {
    }

    private AdvertisedAddress() {
    }

    /**
     * @param serverAddress   the address the API server was reached at (from the client's URL)
     * @param defaultRouteSrc the source address of the default route, if any
     * @param candidates      the IPv4 addresses of interfaces that are up
     */
    static InetAddress choose(InetAddress serverAddress, Optional<InetAddress> defaultRouteSrc,
                              List<Candidate> candidates) {
        if (usable(serverAddress)) {
            return serverAddress;
        }
        if (defaultRouteSrc.isPresent() && usable(defaultRouteSrc.get())) {
            return defaultRouteSrc.get();
        }
        for (Candidate c : candidates) {
            if (usable(c.address()) && CONTAINER_LINKS.stream().noneMatch(c.interfaceName()::startsWith)) {
                return c.address();
            }
        }
        return serverAddress;
    }

    /** The address for this host, probing its interfaces and routes. */
    static InetAddress ofHost(InetAddress serverAddress) {
        if (usable(serverAddress)) {
            return serverAddress;
        }
        return choose(serverAddress, defaultRouteSource(), interfaceAddresses());
    }

    private static boolean usable(InetAddress address) {
        return address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isAnyLocalAddress()
                && !address.isLinkLocalAddress() && !address.isMulticastAddress();
    }

    private static Optional<InetAddress> defaultRouteSource() {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(PROBE), 9));
            return Optional.ofNullable(socket.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no route out of this host
        }
    }

    private static List<Candidate> interfaceAddresses() {
        List<Candidate> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        out.add(new Candidate(nic.getName(), address));
                    }
                }
            }
        } catch (SocketException e) {
            return out;
        }
        return out;
    }
}
