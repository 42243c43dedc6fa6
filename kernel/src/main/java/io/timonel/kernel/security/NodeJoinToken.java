package io.timonel.kernel.security;

import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The secret with which more nodes join the cluster ({@code timonel agent --token-file}): created
 * once beside the PKI (owner-only), it authenticates as {@link #USER} in group {@code system:nodes}
 * (with full rights until RBAC arrives, as the server's own node components). Compared in
 * constant time.
 */
public final class NodeJoinToken implements TokenAuthenticator {
    /** Who a joining node agent is to the API server. */
    public static final String USER = "system:timonel:node-agent";
    private static final Set<String> GROUPS = Set.of("system:nodes", UserInfo.MASTERS_GROUP,
            UserInfo.AUTHENTICATED_GROUP);

    private final byte[] secret;
    private final Path file;

    private NodeJoinToken(String secret, Path file) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.file = file;
    }

    /** Reads the token from {@code file}, creating it (random, 256 bits) when absent. */
    public static NodeJoinToken loadOrCreate(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            SecureFiles.writeOwnerOnly(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.length() < 16) {
            throw new IOException(file + " holds no usable node token (at least 16 characters)");
        }
        return new NodeJoinToken(secret, file);
    }

    /** Where the token is kept: what {@code timonel agent --token-file} reads. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<UserInfo> authenticate(String token) {
        return MessageDigest.isEqual(secret, token.getBytes(StandardCharsets.UTF_8))
                ? Optional.of(new UserInfo(USER, "", GROUPS)) : Optional.empty();
    }
}
