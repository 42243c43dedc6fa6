package io.timonel.plugins.controllers.endpoints;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.timonel.plugins.controllers.kit.SameContent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The writes that turn a service's existing EndpointSlices into the desired ones, churning little:
 * an endpoint stays in the slice that holds it (its content refreshed), new endpoints fill slices
 * of the same port set that have room, then new slices of at most {@code maxPerSlice}; slices left
 * empty or of a port set no longer wanted are deleted. A service without endpoints keeps one
 * placeholder slice with neither endpoints nor ports, as Kubernetes does.
 *
 * @param create slices to create (names to be generated)
 * @param update existing slices with new content (their resourceVersion kept, for conflicts)
 * @param delete existing slices to delete
 */
record SlicePlan(List<EndpointSlice> create, List<EndpointSlice> update, List<EndpointSlice> delete) {

    boolean isEmpty() {
        return create.isEmpty() && update.isEmpty() && delete.isEmpty();
    }

    /**
     * @param existing the service's slices (this controller's)
     * @param desired  the desired endpoint groups
     * @param template a new slice of the service (metadata, owner, address type), without ports or endpoints
     */
    static SlicePlan of(List<EndpointSlice> existing, List<DesiredSlices.Group> desired, int maxPerSlice,
                        Supplier<EndpointSlice> template) {
        List<EndpointSlice> create = new ArrayList<>();
        List<EndpointSlice> update = new ArrayList<>();
        List<EndpointSlice> delete = new ArrayList<>();
        List<EndpointSlice> sorted = existing.stream()
                .sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
        if (desired.isEmpty()) {
            EndpointSlice keep = sorted.stream().filter(SlicePlan::isPlaceholder).findFirst().orElse(null);
            if (keep == null) {
                create.add(template.get());
            }
            sorted.stream().filter(s -> s != keep).forEach(delete::add);
            return new SlicePlan(create, update, delete);
        }
        Map<String, DesiredSlices.Group> byKey = new LinkedHashMap<>();
        desired.forEach(g -> byKey.put(g.key(), g));
        for (EndpointSlice slice : sorted) {
            if (!byKey.containsKey(DesiredSlices.portsKey(slice.getPorts())) || isPlaceholder(slice)) {
                delete.add(slice);
            }
        }
        for (DesiredSlices.Group group : byKey.values()) {
            Map<String, Endpoint> remaining = new LinkedHashMap<>();
            group.endpoints().forEach(e -> remaining.put(id(e), e));
            List<EndpointSlice> mine = sorted.stream()
                    .filter(s -> !isPlaceholder(s) && DesiredSlices.portsKey(s.getPorts()).equals(group.key())).toList();
            List<List<Endpoint>> contents = new ArrayList<>();
            for (EndpointSlice slice : mine) {
                List<Endpoint> kept = new ArrayList<>();
                for (Endpoint e : slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
                    Endpoint now = remaining.remove(id(e));
                    if (now != null && kept.size() < maxPerSlice) {
                        kept.add(now);
                    } else if (now != null) {
                        remaining.put(id(now), now);
                    }
                }
                contents.add(kept);
            }
            List<Endpoint> rest = new ArrayList<>(remaining.values());
            for (List<Endpoint> kept : contents) {
                while (kept.size() < maxPerSlice && !rest.isEmpty()) {
                    kept.add(rest.remove(0));
                }
            }
            for (int i = 0; i < mine.size(); i++) {
                EndpointSlice slice = mine.get(i);
                List<Endpoint> content = contents.get(i);
                if (content.isEmpty()) {
                    delete.add(slice);
                } else if (!SameContent.equal(content, slice.getEndpoints()) || !SameContent.equal(group.ports(), slice.getPorts())) {
                    update.add(new EndpointSliceBuilder(slice).withEndpoints(content).withPorts(group.ports()).build());
                }
            }
            for (int from = 0; from < rest.size(); from += maxPerSlice) {
                List<Endpoint> chunk = new ArrayList<>(rest.subList(from, Math.min(rest.size(), from + maxPerSlice)));
                create.add(new EndpointSliceBuilder(template.get()).withEndpoints(chunk).withPorts(group.ports()).build());
            }
        }
        return new SlicePlan(create, update, delete);
    }

    static boolean isPlaceholder(EndpointSlice slice) {
        return (slice.getEndpoints() == null || slice.getEndpoints().isEmpty())
                && (slice.getPorts() == null || slice.getPorts().isEmpty());
    }

    private static String id(Endpoint e) {
        return e.getTargetRef() != null && e.getTargetRef().getUid() != null ? e.getTargetRef().getUid()
                : String.join(",", e.getAddresses());
    }
}
