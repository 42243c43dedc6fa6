package io.timonel.plugins.nodeagent.pods;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The pod's /etc/hosts as the kubelet manages it: localhost lines, the pod's IP with its
 * hostname (and FQDN when it has a subdomain), then its hostAliases.
 */
public final class HostsFile {
    static final String FILE_NAME = "etc-hosts";

    private HostsFile() {
    }

    /** The file's content for {@code pod} at {@code podIp}. */
    public static String content(Pod pod, String podIp, String clusterDomain) {
        StringBuilder b = new StringBuilder("# Kubernetes-managed hosts file.\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        if (podIp != null && !podIp.isEmpty()) {
            String hostname = PodSandboxes.hostname(pod);
            String subdomain = pod.getSpec().getSubdomain();
            if (subdomain != null && !subdomain.isEmpty()) {
                b.append(podIp).append('\t').append(hostname).append('.').append(subdomain).append('.')
                        .append(pod.getMetadata().getNamespace()).append(".svc.").append(clusterDomain)
                        .append('\t').append(hostname).append('\n');
            } else {
                b.append(podIp).append('\t').append(hostname).append('\n');
            }
        }
        if (pod.getSpec().getHostAliases() != null && !pod.getSpec().getHostAliases().isEmpty()) {
            b.append("\n# Entries added by HostAliases.\n");
            for (HostAlias alias : pod.getSpec().getHostAliases()) {
                if (alias.getHostnames() != null && !alias.getHostnames().isEmpty()) {
                    b.append(alias.getIp()).append('\t').append(String.join("\t", alias.getHostnames())).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** Writes the file into {@code dir} (atomically; only when it changed) and returns its path. */
    public static Path write(Path dir, String content) {
        Path file = dir.resolve(FILE_NAME);
        try {
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                return file;
            }
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE_NAME + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            file.toFile().setReadable(true, false);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hosts file of " + dir, e);
        }
    }
}
