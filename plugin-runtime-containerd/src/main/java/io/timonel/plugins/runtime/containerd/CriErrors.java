package io.timonel.plugins.runtime.containerd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;

/** Turns gRPC failures of CRI calls into the SPI's exceptions. */
final class CriErrors {

    private CriErrors() {
    }

    /** {@link NotFoundException} when containerd says the object does not exist, else {@link RuntimeUnavailableException}. */
    static RuntimeUnavailableException translate(StatusRuntimeException e, String action) {
        String description = e.getStatus().getDescription();
        String message = action + ": " + (description == null ? e.getStatus().getCode().toString() : description);
        if (isNotFound(e)) {
            return new NotFoundException(message);
        }
        return new RuntimeUnavailableException(message, e);
    }

    static boolean isNotFound(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        String description = e.getStatus().getDescription();
        // containerd marks most lookups NOT_FOUND; a few wrap the store's error as UNKNOWN
        return code == Status.Code.NOT_FOUND
                || (code == Status.Code.UNKNOWN && description != null && description.endsWith(": not found"));
    }

    static boolean isAlreadyExists(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return e.getStatus().getCode() == Status.Code.ALREADY_EXISTS
                || (description != null && description.contains("is reserved for"));
    }
}
