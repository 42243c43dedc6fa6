package io.timonel.spi.network;

import java.util.List;

/** A pod's addresses, the first being its primary {@code status.podIP}. */
public record PodAddresses(List<String> ips) {
    public PodAddresses {
        ips = List.copyOf(ips);
        if (ips.isEmpty()) {
            throw new IllegalArgumentException("a pod has at least one address");
        }
    }

    public String primary() {
        return ips.get(0);
    }
}
