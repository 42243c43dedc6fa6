package io.timonel.spi.controller;

import java.net.URI;

/**
 * How a plugin reaches the API server: the same HTTPS API every client uses, with credentials
 * of its own. Plugins build their client of choice from it (the fabric8 client is the
 * ecosystem's choice in Java: {@code Config.fromKubeconfig(access.kubeconfig())}).
 *
 * @param server      the API server's URL, e.g. {@code https://127.0.0.1:6443}
 * @param caPem       the cluster CA certificate (PEM) that signs the server's certificate
 * @param bearerToken a token the API server accepts for this plugin's identity
 * @param userName    the identity the token stands for, e.g. {@code system:timonel:widget-controller}
 */
public record ApiAccess(URI server, String caPem, String bearerToken, String userName) {

    /** A kubeconfig document (YAML) with these credentials, for clients that read kubeconfigs. */
    public String kubeconfig() {
        String ca = java.util.Base64.getEncoder().encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: timonel\n  cluster:\n    server: " + server
                + "\n    certificate-authority-data: " + ca + "\nusers:\n- name: " + userName
                + "\n  user:\n    token: " + bearerToken + "\ncontexts:\n- name: timonel\n  context:\n"
                + "    cluster: timonel\n    user: " + userName + "\ncurrent-context: timonel\n";
    }

    @Override
    public String toString() {
        return "ApiAccess[" + server + " as " + userName + "]";
    }
}
