package io.timonel.plugins.coreapi.support;

import java.util.List;
import java.util.function.Function;

/** Which format a kind's {@code metadata.name} must have. */
public enum NameRule {
    /** Most kinds: ConfigMap, Secret, Deployment, Pod, ... */
    DNS1123_SUBDOMAIN(NameRules::dns1123Subdomain),
    /** Namespaces. */
    DNS1123_LABEL(NameRules::dns1123Label),
    /** Services (their name becomes a DNS label that must start with a letter). */
    DNS1035_LABEL(NameRules::dns1035Label),
    /** RBAC roles and bindings: any string usable as a URL path segment. */
    PATH_SEGMENT(NameRules::pathSegment);

    private final Function<String, List<String>> check;

    NameRule(Function<String, List<String>> check) {
        this.check = check;
    }

    /** The problems with {@code name}; empty when valid. */
    public List<String> check(String name) {
        return check.apply(name);
    }
}
