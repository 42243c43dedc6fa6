package io.timonel.spi.auth;

import org.pf4j.ExtensionPoint;

/**
 * Decides whether a request may proceed (RBAC is one). Authorizers are asked in configured order
 * until one allows or denies; when all have no opinion the request is refused, except that
 * members of {@code system:masters} are always allowed. Called on request threads: fast and
 * thread-safe.
 */
public interface Authorizer extends ExtensionPoint {

    /** A unique name configuration uses to enable and order authorizers. */
    String name();

    Decision authorize(RequestAttributes request);
}
