package io.timonel.spi.runtime;

/** The sandbox, container or image named in a request does not exist (any more). */
public class NotFoundException extends RuntimeUnavailableException {
    public NotFoundException(String message) {
        super(message);
    }
}
