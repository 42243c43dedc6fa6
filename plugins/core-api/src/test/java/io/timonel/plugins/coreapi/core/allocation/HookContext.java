package io.timonel.plugins.coreapi.core.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.timonel.spi.admission.ObjectReader;
import io.timonel.spi.resource.Reservations;
import io.timonel.spi.resource.WriteHookContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A write-hook context over in-memory reservations and a list of "stored" services. */
final class HookContext implements WriteHookContext {
    final MemoryReservations reservations;
    final List<JsonNode> services = new ArrayList<>();
    private final Map<String, String> settings;
    private final Clock clock;

    HookContext(Clock clock, Map<String, String> settings) {
        this.clock = clock;
        this.settings = settings;
        this.reservations = new MemoryReservations(clock);
    }

    @Override
    public Reservations reservations() {
        return reservations;
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public ObjectReader objects() {
        return new ObjectReader() {
            @Override
            public Optional<JsonNode> get(String group, String resource, String namespace, String name) {
                return services.stream().filter(s -> s.path("metadata").path("name").asText().equals(name)
                        && s.path("metadata").path("namespace").asText().equals(namespace)).findFirst();
            }

            @Override
            public List<JsonNode> list(String group, String resource, String namespace) {
                return List.copyOf(services);
            }
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
