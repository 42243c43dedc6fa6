package io.timonel.plugins.runtime.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.timonel.plugins.runtime.docker.engine.EngineMessages;
import io.timonel.plugins.runtime.docker.engine.EngineSocket;
import io.timonel.plugins.runtime.docker.engine.EngineStatusException;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the parts of the Docker runtime share: the typed client (docker-java), our raw socket for
 * streams, JSON, the clock, and two executors — {@code streams} for the blocking pumps of exec,
 * attach and wait (one thread each while they last) and {@code timers} for short periodic checks.
 * Also translates engine failures into the SPI's exceptions, with Docker's own message.
 */
record Engine(DockerClient api, EngineSocket socket, ObjectMapper json, Clock clock, ExecutorService streams,
              ScheduledExecutorService timers) {
    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status \\d+: ");

    /** Runs a docker-java call; a 404 becomes {@link NotFoundException}, any other failure {@link RuntimeUnavailableException}. */
    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * Runs a call that is done when it finds nothing to do: a missing object (404), one already in
     * the asked state (304) or already being removed (409) count as success.
     */
    void idempotent(String what, Runnable call) {
        try {
            call.run();
        } catch (com.github.dockerjava.api.exception.NotFoundException | NotModifiedException done) {
            // already gone or already there
        } catch (ConflictException e) {
            if (!message(e).contains("already in progress")) {
                throw translate(what, e);
            }
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    static RuntimeUnavailableException translate(String what, RuntimeException e) {
        if (e instanceof EngineStatusException status) {
            return status.status() == 404
                    ? new NotFoundException(what + ": " + status.getMessage())
                    : new RuntimeUnavailableException(what + ": " + status.getMessage(), status);
        }
        if (e instanceof RuntimeUnavailableException known) {
            return known;
        }
        if (e instanceof com.github.dockerjava.api.exception.NotFoundException) {
            return new NotFoundException(what + ": " + message((DockerException) e));
        }
        if (e instanceof DockerException d) {
            return new RuntimeUnavailableException(what + ": " + message(d), e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new RuntimeUnavailableException(what + ": " + root, e);
    }

    /** Docker's message inside a docker-java exception ({@code Status 404: {"message":"…"}}). */
    static String message(DockerException e) {
        String text = e.getMessage() == null ? "" : STATUS_PREFIX.matcher(e.getMessage()).replaceFirst("");
        return EngineMessages.of(text);
    }
}
