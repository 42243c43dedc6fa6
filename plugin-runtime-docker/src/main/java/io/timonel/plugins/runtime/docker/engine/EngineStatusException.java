package io.timonel.plugins.runtime.docker.engine;

import io.timonel.spi.runtime.RuntimeUnavailableException;

/** The engine answered a raw request with an error status; the message is Docker's own. */
public final class EngineStatusException extends RuntimeUnavailableException {
    private final int status;

    public EngineStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, e.g. 404 for an unknown container. */
    public int status() {
        return status;
    }
}
