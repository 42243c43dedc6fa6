package io.timonel.plugins.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.timonel.plugins.runtime.docker.engine.EngineSocket;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.pf4j.Extension;

/**
 * The Docker runtime, {@code --runtime=docker}. Settings:
 * <ul>
 *   <li>{@code docker.socket}: the engine's unix socket (default {@value #DEFAULT_SOCKET})</li>
 *   <li>{@code sandbox.image}: the pause image sandboxes run (default {@value #DEFAULT_SANDBOX_IMAGE});
 *       it must be loaded, no registry being reachable</li>
 * </ul>
 */
@Extension
public final class DockerRuntimeProvider implements ContainerRuntimeProvider {
    public static final String NAME = "docker";
    public static final String SOCKET = "docker.socket";
    public static final String DEFAULT_SOCKET = "/var/run/docker.sock";
    public static final String SANDBOX_IMAGE = "sandbox.image";
    public static final String DEFAULT_SANDBOX_IMAGE = "timonel.io/pause:1.0";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ContainerRuntime open(Map<String, String> settings) throws RuntimeUnavailableException {
        Path socket = Path.of(settings.getOrDefault(SOCKET, DEFAULT_SOCKET));
        if (!Files.exists(socket)) {
            throw new RuntimeUnavailableException("no Docker engine: " + socket + " does not exist (is dockerd running?)");
        }
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix://" + socket.toAbsolutePath())
                .withDockerTlsVerify(false)
                .build();
        DockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        DockerClient api = DockerClientImpl.getInstance(config, http);
        try {
            api.pingCmd().exec();
        } catch (RuntimeException e) {
            closeQuietly(http);
            throw Engine.translate("no Docker engine answers on " + socket, e);
        }
        ExecutorService streams = Executors.newCachedThreadPool(daemon("docker-stream-"));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("docker-timer-"));
        return new DockerRuntime(api, http, new EngineSocket(socket), settings.getOrDefault(SANDBOX_IMAGE, DEFAULT_SANDBOX_IMAGE),
                Clock.systemUTC(), streams, timers);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // it never opened
        }
    }
}
