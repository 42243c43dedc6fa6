package io.timonel.kernel.controller;

import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens for the components the kernel hosts (controllers, node components): one random
 * token per user, issued once and kept, so a component started again is the same user.
 */
final class ComponentTokens implements TokenAuthenticator {
    private final Map<String, UserInfo> users = new ConcurrentHashMap<>();
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** The token of {@code user} (issued now if it has none). */
    String tokenFor(String user, Set<String> groups) {
        return issued.computeIfAbsent(user, u -> {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            users.put(token, new UserInfo(u, "", groups));
            return token;
        });
    }

    @Override
    public Optional<UserInfo> authenticate(String token) {
        return Optional.ofNullable(users.get(token));
    }

    void revokeAll() {
        users.clear();
        issued.clear();
    }
}
