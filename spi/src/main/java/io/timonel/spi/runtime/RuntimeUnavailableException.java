package io.timonel.spi.runtime;

/** The runtime could not be reached or refused a request for a reason that is not the caller's input. */
public class RuntimeUnavailableException extends RuntimeException {
    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public RuntimeUnavailableException(String message) {
        super(message);
    }
}
