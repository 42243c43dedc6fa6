package io.timonel.plugins.coreapi;

import io.timonel.plugins.coreapi.admissionregistration.AdmissionRegistrationV1Types;
import io.timonel.plugins.coreapi.apiextensions.ApiExtensionsV1Types;
import io.timonel.plugins.coreapi.apps.AppsV1Types;
import io.timonel.plugins.coreapi.autoscaling.AutoscalingTypes;
import io.timonel.plugins.coreapi.batch.BatchV1Types;
import io.timonel.plugins.coreapi.coordination.CoordinationV1Types;
import io.timonel.plugins.coreapi.core.CoreV1Types;
import io.timonel.plugins.coreapi.discovery.DiscoveryV1Types;
import io.timonel.plugins.coreapi.events.EventsV1Types;
import io.timonel.plugins.coreapi.networking.NetworkingV1Types;
import io.timonel.plugins.coreapi.policy.PolicyV1Types;
import io.timonel.plugins.coreapi.rbac.RbacV1Types;
import io.timonel.plugins.coreapi.scheduling.SchedulingV1Types;
import io.timonel.plugins.coreapi.schema.ModelSchemas;
import io.timonel.plugins.coreapi.storage.StorageV1Types;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.spi.resource.ResourceType;
import io.timonel.spi.resource.ResourceTypeProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * Kubernetes' built-in resource types: core/v1, apps/v1, batch/v1, autoscaling/v1 and v2, and
 * the everyday types of the {@code *.k8s.io} groups, with schemas derived from the official Java
 * client's models, Kubernetes' defaults and validation for everyday fields, and kubectl's columns.
 */
@Extension
public final class CoreApiTypes implements ResourceTypeProvider {

    private final Clock clock;

    /** The extension PF4J instantiates; durations in tables are measured on the system clock. */
    public CoreApiTypes() {
        this(Clock.systemUTC());
    }

    /** @param clock the time against which running jobs' durations are shown */
    public CoreApiTypes(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<ResourceType> resourceTypes() {
        Kinds kinds = new Kinds(new ModelSchemas(CoreV1Types.MODELS));
        List<ResourceType> types = new ArrayList<>();
        types.addAll(CoreV1Types.all(kinds));
        types.addAll(AppsV1Types.all(kinds));
        types.addAll(BatchV1Types.all(kinds, clock));
        types.addAll(AutoscalingTypes.all(kinds));
        types.addAll(CoordinationV1Types.all(kinds));
        types.addAll(DiscoveryV1Types.all(kinds));
        types.addAll(NetworkingV1Types.all(kinds));
        types.addAll(RbacV1Types.all(kinds));
        types.addAll(StorageV1Types.all(kinds));
        types.addAll(PolicyV1Types.all(kinds));
        types.addAll(EventsV1Types.all(kinds));
        types.addAll(AdmissionRegistrationV1Types.all(kinds));
        types.addAll(ApiExtensionsV1Types.all(kinds));
        types.addAll(SchedulingV1Types.all(kinds));
        return List.copyOf(types);
    }
}
