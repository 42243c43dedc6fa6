package io.timonel.spi.auth;

import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Recognises bearer tokens (service-account JWTs, bootstrap tokens, …). The kernel asks each
 * authenticator in turn; the first that knows the token wins. Called on request threads, so it
 * must be fast and thread-safe.
 */
public interface TokenAuthenticator extends ExtensionPoint {

    /** The user the token belongs to, or empty when this authenticator does not know it. */
    Optional<UserInfo> authenticate(String token);
}
