package io.timonel.plugins.coreapi.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.plugins.coreapi.support.Json;
import io.timonel.plugins.coreapi.support.NameRule;
import io.timonel.plugins.coreapi.support.Validation;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;

/** Defaults and validation of apps/v1 ReplicaSets. */
public final class ReplicaSetRules {

    private ReplicaSetRules() {
    }

    public static ObjectDefaulter defaulter() {
        return replicaSet -> {
            ObjectNode spec = Json.object(replicaSet, "spec");
            Json.defaultInt(spec, "replicas", 1);
            TemplateRules.defaultTemplate(spec);
        };
    }

    public static ObjectValidator validator() {
        return Validation.of(NameRule.DNS1123_SUBDOMAIN,
                (replicaSet, old, out) -> TemplateRules.check(replicaSet, old, "replicaset", List.of("Always"), out));
    }
}
