package io.timonel.plugins.runtime.containerd;

import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerRuntimeProvider;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.pf4j.Extension;

/**
 * The {@code containerd} runtime ({@code --runtime=containerd}). Settings:
 * <ul>
 *   <li>{@code containerd.socket}: containerd's gRPC socket, default {@value #DEFAULT_SOCKET}</li>
 *   <li>{@code containerd.ctr}: containerd's CLI, used to import image tarballs, default {@value #DEFAULT_CTR}</li>
 * </ul>
 */
@Extension
public final class ContainerdRuntimeProvider implements ContainerRuntimeProvider {

    static final String DEFAULT_SOCKET = "/run/containerd/containerd.sock";
    static final String DEFAULT_CTR = "ctr";

    @Override
    public String name() {
        return "containerd";
    }

    @Override
    public ContainerRuntime open(Map<String, String> settings) throws RuntimeUnavailableException {
        Path socket = Path.of(settings.getOrDefault("containerd.socket", DEFAULT_SOCKET));
        String ctr = settings.getOrDefault("containerd.ctr", DEFAULT_CTR);
        return ContainerdRuntime.connect(socket, ctr, ForkJoinPool.commonPool(), Clock.systemUTC());
    }
}
