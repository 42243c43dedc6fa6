package io.timonel.plugins.coreapi.coordination;

import io.kubernetes.client.openapi.models.V1Lease;
import io.timonel.plugins.coreapi.support.Columns;
import io.timonel.plugins.coreapi.support.Kinds;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.List;

/** coordination.k8s.io/v1: Leases (node heartbeats, leader election). */
public final class CoordinationV1Types {

    private CoordinationV1Types() {
    }

    public static List<ResourceType> all(Kinds kinds) {
        return List.of(kinds.define(V1Lease.class, "coordination.k8s.io", "v1", "Lease", "leases")
                .printerColumn(Columns.path("HOLDER", "string", ".spec.holderIdentity", "Who holds the lease"))
                .printerColumn(Columns.age())
                .validator(Validation.of(NameRule.DNS1123_SUBDOMAIN, (lease, old, out) -> {
                    for (String field : new String[] {"leaseDurationSeconds", "leaseTransitions"}) {
                        var value = lease.path("spec").get(field);
                        if (value != null && value.isNumber() && value.asLong() < 0) {
                            out.add(FieldViolation.invalid("spec." + field, value.asLong(),
                                    "must be greater than or equal to 0"));
                        }
                    }
                }))
                .build());
    }
}
