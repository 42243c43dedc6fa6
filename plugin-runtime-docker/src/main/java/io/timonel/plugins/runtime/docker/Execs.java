package io.timonel.plugins.runtime.docker;

import com.github.dockerjava.api.command.InspectExecResponse;
import io.timonel.plugins.runtime.docker.engine.CappedBuffer;
import io.timonel.plugins.runtime.docker.engine.EngineConnection;
import io.timonel.plugins.runtime.docker.engine.EngineSocket.Body;
import io.timonel.plugins.runtime.docker.engine.FrameReader;
import io.timonel.plugins.runtime.docker.engine.HijackedSession;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Commands in running containers and attaching to their main process. The exec is created with
 * docker-java; its start ({@code POST /exec/{id}/start}) and attach
 * ({@code POST /containers/{id}/attach}) go over our own hijacked connections, whose write side
 * we can half-close when the caller's stdin ends.
 */
final class Execs {
    /** Output kept from a synchronous exec, per stream (probes and hooks want a verdict, not a transcript). */
    static final int SYNC_OUTPUT_LIMIT = 1024 * 1024;
    /** How often the end of an exec is asked for once its output ended. */
    static final long EXIT_POLL_MILLIS = 20;
    /** How long an attachment's output may still come after its container exited. */
    static final long OUTPUT_AFTER_EXIT_MILLIS = 1000;
    /** How long an exec may still run after its output ended before we stop asking. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final Engine engine;
    private final Containers containers;

    Execs(Engine engine, Containers containers) {
        this.engine = engine;
        this.containers = containers;
    }

    ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        String execId = create(containerId, command, new StreamOptions(false, true, true, false));
        CappedBuffer out = new CappedBuffer(SYNC_OUTPUT_LIMIT);
        CappedBuffer err = new CappedBuffer(SYNC_OUTPUT_LIMIT);
        EngineConnection connection = start(execId, false);
        boolean limited = timeout != null && !timeout.isZero() && !timeout.isNegative();
        long deadline = limited ? engine.clock().millis() + timeout.toMillis() : Long.MAX_VALUE;
        Future<?> pump = engine.streams().submit(() -> {
            FrameReader.demultiplex(connection.input(), out, err);
            return null;
        });
        try {
            if (!limited) {
                pump.get();
            } else {
                pump.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            killProcess(execId);
            connection.close();
            return new ExecResult(-1, out.toByteArray(), err.toByteArray(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
            throw new RuntimeUnavailableException("interrupted while running " + command + " in " + containerId, e);
        } catch (ExecutionException e) {
            // the connection broke: the exit code tells whether the command ran to its end
        } finally {
            connection.close();
        }
        try {
            // the output may end before the process does (it closed its streams): the timeout still holds
            int code = awaitExit(execId, () -> limited && engine.clock().millis() > deadline).join();
            return new ExecResult(code, out.toByteArray(), err.toByteArray(), false);
        } catch (CancellationException e) {
            killProcess(execId);
            return new ExecResult(-1, out.toByteArray(), err.toByteArray(), true);
        } catch (java.util.concurrent.CompletionException e) {
            throw Engine.translate("exec " + execId + " in " + containerId,
                    e.getCause() instanceof RuntimeException r ? r : new RuntimeUnavailableException(String.valueOf(e.getCause()), e));
        }
    }

    StreamSession exec(String containerId, List<String> command, StreamOptions options) {
        String execId = create(containerId, command, options);
        EngineConnection connection = start(execId, options.tty());
        return HijackedSession.start(connection, options, engine.streams(),
                (columns, rows) -> engine.idempotent("resizing exec " + execId,
                        () -> engine.api().resizeExecCmd(execId).withSize(rows, columns).exec()),
                session -> {
                    // a plain relay rather than thenCompose, so that giving up shows as cancellation
                    CompletableFuture<Integer> exit = new CompletableFuture<>();
                    session.outputEnded().thenRun(() -> awaitExit(execId, session::isClosed).whenComplete((code, error) -> {
                        if (error instanceof CancellationException) {
                            exit.cancel(false);
                        } else if (error != null) {
                            exit.completeExceptionally(error);
                        } else {
                            exit.complete(code);
                        }
                    }));
                    return exit;
                });
    }

    /**
     * Attaches to the container's main process. Whether its output is one raw stream or
     * multiplexed follows the container's own terminal setting, whatever the caller asked.
     */
    StreamSession attach(String containerId, StreamOptions asked) {
        Containers.AttachFacts facts = containers.inspectForAttach(containerId);
        if (!facts.running()) {
            // Docker would hold the attachment open until the container started again
            throw new NotFoundException("container " + containerId + " is not running");
        }
        boolean tty = facts.tty();
        StreamOptions options = new StreamOptions(asked.stdin(), asked.stdout(), asked.stderr() && !tty, tty);
        String target = "/containers/" + containerId + "/attach?stream=1"
                + "&stdin=" + bit(options.stdin()) + "&stdout=" + bit(options.stdout()) + "&stderr=" + bit(options.stderr());
        EngineConnection connection = engine.call("attaching to " + containerId, () -> engine.socket().hijack(target, null));
        return HijackedSession.start(connection, options, engine.streams(),
                (columns, rows) -> engine.idempotent("resizing container " + containerId,
                        () -> engine.api().resizeContainerCmd(containerId).withSize(rows, columns).exec()),
                session -> endAtExit(containerId, session), facts.stdinOnce());
    }

    /**
     * The container's exit code; when it exited just before the attachment reached it, Docker
     * never ends the attachment's output, so the session is closed shortly after the exit.
     */
    private CompletableFuture<Integer> endAtExit(String containerId, HijackedSession session) {
        CompletableFuture<Integer> exit = waitForExit(containerId, session);
        exit.thenRun(() -> engine.timers().schedule(() -> {
            if (!session.outputEnded().isDone()) {
                session.close();
            }
        }, OUTPUT_AFTER_EXIT_MILLIS, TimeUnit.MILLISECONDS));
        return exit;
    }

    private String create(String containerId, List<String> command, StreamOptions options) {
        return engine.call("starting " + command + " in container " + containerId, () -> engine.api().execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new))
                .withAttachStdin(options.stdin())
                .withAttachStdout(options.stdout())
                .withAttachStderr(options.stderr() && !options.tty())
                .withTty(options.tty())
                .exec().getId());
    }

    private EngineConnection start(String execId, boolean tty) {
        byte[] body = ("{\"Detach\":false,\"Tty\":" + tty + "}").getBytes(StandardCharsets.US_ASCII);
        return engine.call("starting exec " + execId, () -> engine.socket().hijack("/exec/" + execId + "/start", Body.json(body)));
    }

    /**
     * The exit code of an exec, asked until it stopped running; cancelled when {@code abandoned}
     * turns true while it still runs (a detached session), or after {@link #EXIT_WAIT}.
     */
    private CompletableFuture<Integer> awaitExit(String execId, java.util.function.BooleanSupplier abandoned) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        long deadline = engine.clock().millis() + EXIT_WAIT.toMillis();
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            try {
                InspectExecResponse inspect = engine.call("inspecting exec " + execId, () -> engine.api().inspectExecCmd(execId).exec());
                if (!Boolean.TRUE.equals(inspect.isRunning())) {
                    exit.complete(inspect.getExitCodeLong() == null ? -1 : inspect.getExitCodeLong().intValue());
                } else if (abandoned.getAsBoolean() || engine.clock().millis() > deadline) {
                    exit.cancel(false);
                } else {
                    engine.timers().schedule(poll[0], EXIT_POLL_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) {
                exit.completeExceptionally(e);
            }
        };
        engine.timers().execute(poll[0]);
        return exit;
    }

    /** The container's exit code ({@code POST /containers/{id}/wait}); the wait ends when the session closes first. */
    private CompletableFuture<Integer> waitForExit(String containerId, HijackedSession session) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        AtomicReference<EngineConnection> waiting = new AtomicReference<>();
        engine.streams().execute(() -> {
            try (EngineConnection connection = engine.socket().request("POST", "/containers/" + containerId + "/wait", null, c -> {
                waiting.set(c);
                if (exit.isDone()) {
                    c.close();
                }
            })) {
                byte[] answer = connection.readBody(64 * 1024);
                int code = engine.json().readTree(answer).path("StatusCode").asInt(-1);
                exit.complete(code);
            } catch (IOException | RuntimeException e) {
                exit.completeExceptionally(e);
            }
        });
        session.outputEnded().thenRun(() -> {
            if (session.isClosed() && !exit.isDone()) {
                exit.cancel(false);
            }
        });
        exit.whenComplete((code, error) -> {
            if (error instanceof CancellationException) {
                EngineConnection c = waiting.get();
                if (c != null) {
                    c.close();
                }
            }
        });
        return exit;
    }

    /**
     * Ends a timed-out exec's process. Docker has no call for it; the exec's pid is a host pid, so
     * an agent running beside the engine (as root) can kill it and its children. Elsewhere the
     * process is abandoned, as the kubelet abandons it.
     */
    private void killProcess(String execId) {
        try {
            InspectExecResponse inspect = engine.api().inspectExecCmd(execId).exec();
            Long pid = inspect.getPidLong();
            if (pid != null && pid > 0) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
            }
        } catch (RuntimeException e) {
            // abandoned: the engine reaps it when it ends
        }
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }
}
