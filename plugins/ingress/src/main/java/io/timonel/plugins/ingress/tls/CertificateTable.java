package io.timonel.plugins.ingress.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable choice of certificate by server name (SNI), built from the {@code spec.tls} of the
 * Ingresses one controller serves and their Secrets (in the Ingress's namespace, type
 * {@code kubernetes.io/tls}). A name picks the certificate of its exact host, else of a wildcard
 * host {@code *.example.com} covering it (one label), else the default: the certificate of the
 * oldest TLS entry that lists no host, else the controller's self-signed one. The older Ingress
 * wins when two name the same host.
 */
public final class CertificateTable {
    private static final Comparator<Ingress> AGE = Comparator
            .comparing((Ingress i) -> String.valueOf(i.getMetadata().getCreationTimestamp()))
            .thenComparing(i -> String.valueOf(i.getMetadata().getNamespace()))
            .thenComparing(i -> i.getMetadata().getName());

    private final Map<String, ServingCertificate> exact;
    private final Map<String, ServingCertificate> wildcard;
    private final ServingCertificate fallback;
    private final Map<String, ServingCertificate> byAlias = new HashMap<>();
    private final List<String> problems;

    private CertificateTable(Map<String, ServingCertificate> exact, Map<String, ServingCertificate> wildcard,
                             ServingCertificate fallback, List<String> problems) {
        this.exact = Map.copyOf(exact);
        this.wildcard = Map.copyOf(wildcard);
        this.fallback = fallback;
        this.problems = List.copyOf(problems);
        exact.values().forEach(c -> byAlias.put(c.alias(), c));
        wildcard.values().forEach(c -> byAlias.put(c.alias(), c));
        byAlias.put(fallback.alias(), fallback);
    }

    /** A table serving {@code fallback} to every name. */
    public static CertificateTable only(ServingCertificate fallback) {
        return new CertificateTable(Map.of(), Map.of(), fallback, List.of());
    }

    /**
     * The table for {@code ingresses} with their Secrets ({@code secrets} keyed {@code namespace/name}).
     * {@code cache} holds the certificates of Secrets already read, so that only Secrets that
     * changed (by resourceVersion) are parsed again; {@code selfSigned} is the default of last resort.
     */
    public static CertificateTable of(Collection<Ingress> ingresses, Map<String, Secret> secrets,
                                      ServingCertificate selfSigned, LoadedSecrets cache) {
        Map<String, ServingCertificate> exact = new LinkedHashMap<>();
        Map<String, ServingCertificate> wildcard = new LinkedHashMap<>();
        ServingCertificate fallback = null;
        List<String> problems = new ArrayList<>();
        for (Ingress ingress : ingresses.stream().sorted(AGE).toList()) {
            if (ingress.getSpec() == null || ingress.getSpec().getTls() == null) {
                continue;
            }
            String ns = ingress.getMetadata().getNamespace();
            for (IngressTLS tls : ingress.getSpec().getTls()) {
                if (tls.getSecretName() == null || tls.getSecretName().isEmpty()) {
                    continue;
                }
                String key = ns + "/" + tls.getSecretName();
                Secret secret = secrets.get(key);
                if (secret == null) {
                    problems.add("secret " + key + " (TLS of ingress " + ns + "/" + ingress.getMetadata().getName()
                            + ") not found");
                    continue;
                }
                PemCertificates.Loaded loaded = cache.load(secret);
                if (loaded instanceof PemCertificates.Loaded.Invalid invalid) {
                    problems.add(invalid.reason());
                    continue;
                }
                ServingCertificate certificate = ((PemCertificates.Loaded.Ok) loaded).certificate();
                List<String> hosts = tls.getHosts() == null ? List.of() : tls.getHosts();
                if (hosts.isEmpty() && fallback == null) {
                    fallback = certificate;
                }
                for (String host : hosts) {
                    String h = host.toLowerCase(Locale.ROOT);
                    if (h.startsWith("*.")) {
                        wildcard.putIfAbsent(h.substring(1), certificate);
                    } else {
                        exact.putIfAbsent(h, certificate);
                    }
                }
            }
        }
        cache.retainOnly(secrets.keySet());
        return new CertificateTable(exact, wildcard, fallback != null ? fallback : selfSigned, problems);
    }

    /** The certificate for {@code serverName} (from SNI; null when the client sent none). */
    public ServingCertificate select(String serverName) {
        if (serverName != null && !serverName.isEmpty()) {
            String name = serverName.toLowerCase(Locale.ROOT);
            ServingCertificate c = exact.get(name);
            if (c != null) {
                return c;
            }
            int dot = name.indexOf('.');
            if (dot > 0 && (c = wildcard.get(name.substring(dot))) != null) {
                return c;
            }
        }
        return fallback;
    }

    /** The certificate this table knows under {@code alias}, or null. */
    ServingCertificate byAlias(String alias) {
        return byAlias.get(alias);
    }

    /** What could not be loaded (missing or invalid Secrets), for logs and events. */
    public List<String> problems() {
        return problems;
    }

    /**
     * Certificates already parsed, by Secret and resourceVersion: only new or changed Secrets are
     * parsed again. Used by one rebuilding thread at a time.
     */
    public static final class LoadedSecrets {
        private final Map<String, Map.Entry<String, PemCertificates.Loaded>> loaded = new HashMap<>();

        PemCertificates.Loaded load(Secret secret) {
            String key = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
            String version = String.valueOf(secret.getMetadata().getResourceVersion());
            Map.Entry<String, PemCertificates.Loaded> known = loaded.get(key);
            if (known != null && known.getKey().equals(version)) {
                return known.getValue();
            }
            PemCertificates.Loaded fresh = parse(key, secret);
            loaded.put(key, Map.entry(version, fresh));
            return fresh;
        }

        void retainOnly(java.util.Set<String> keys) {
            loaded.keySet().retainAll(keys);
        }

        private static PemCertificates.Loaded parse(String key, Secret secret) {
            Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
            try {
                return PemCertificates.load("secret " + key, decode(data.get("tls.crt")), decode(data.get("tls.key")));
            } catch (IllegalArgumentException e) {
                return new PemCertificates.Loaded.Invalid("secret " + key + ": data is not base64");
            }
        }

        private static byte[] decode(String base64) {
            return base64 == null ? null : Base64.getMimeDecoder().decode(base64);
        }
    }
}
