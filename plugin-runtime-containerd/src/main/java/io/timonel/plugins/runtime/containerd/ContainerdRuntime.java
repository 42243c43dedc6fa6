package io.timonel.plugins.runtime.containerd;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.timonel.plugins.runtime.containerd.cri.AttachRequest;
import io.timonel.plugins.runtime.containerd.cri.Container;
import io.timonel.plugins.runtime.containerd.cri.ContainerFilter;
import io.timonel.plugins.runtime.containerd.cri.ContainerState;
import io.timonel.plugins.runtime.containerd.cri.ContainerStatsRequest;
import io.timonel.plugins.runtime.containerd.cri.ContainerStatusRequest;
import io.timonel.plugins.runtime.containerd.cri.CreateContainerRequest;
import io.timonel.plugins.runtime.containerd.cri.ExecRequest;
import io.timonel.plugins.runtime.containerd.cri.ExecSyncRequest;
import io.timonel.plugins.runtime.containerd.cri.ExecSyncResponse;
import io.timonel.plugins.runtime.containerd.cri.ImageServiceGrpc;
import io.timonel.plugins.runtime.containerd.cri.ImageSpec;
import io.timonel.plugins.runtime.containerd.cri.ImageStatusRequest;
import io.timonel.plugins.runtime.containerd.cri.ImageStatusResponse;
import io.timonel.plugins.runtime.containerd.cri.ListContainersRequest;
import io.timonel.plugins.runtime.containerd.cri.ListImagesRequest;
import io.timonel.plugins.runtime.containerd.cri.ListPodSandboxRequest;
import io.timonel.plugins.runtime.containerd.cri.PodSandbox;
import io.timonel.plugins.runtime.containerd.cri.PodSandboxStatusRequest;
import io.timonel.plugins.runtime.containerd.cri.PullImageRequest;
import io.timonel.plugins.runtime.containerd.cri.RemoveContainerRequest;
import io.timonel.plugins.runtime.containerd.cri.RemovePodSandboxRequest;
import io.timonel.plugins.runtime.containerd.cri.RunPodSandboxRequest;
import io.timonel.plugins.runtime.containerd.cri.RuntimeServiceGrpc;
import io.timonel.plugins.runtime.containerd.cri.StartContainerRequest;
import io.timonel.plugins.runtime.containerd.cri.StopContainerRequest;
import io.timonel.plugins.runtime.containerd.cri.StopPodSandboxRequest;
import io.timonel.plugins.runtime.containerd.cri.VersionRequest;
import io.timonel.plugins.runtime.containerd.images.CtrImporter;
import io.timonel.plugins.runtime.containerd.images.ImageReferences;
import io.timonel.plugins.runtime.containerd.logs.CriLogReader;
import io.timonel.plugins.runtime.containerd.streaming.SpdyRemoteCommand;
import io.timonel.spi.runtime.ContainerConfig;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.ContainerStats;
import io.timonel.spi.runtime.ContainerStatus;
import io.timonel.spi.runtime.ExecResult;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.LogOptions;
import io.timonel.spi.runtime.LogSink;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxConfig;
import io.timonel.spi.runtime.SandboxStatus;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@link ContainerRuntime} over containerd's CRI v1 API (RuntimeService, ImageService) on its unix
 * socket, with what the CRI leaves to the kubelet done here: image tarballs are imported with
 * {@code ctr}, logs are read from the CRI log files, and exec/attach sessions speak SPDY to the CRI's
 * streaming server. Thread-safe; every call blocks its caller until containerd answered.
 */
public final class ContainerdRuntime implements ContainerRuntime {

    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SANDBOX_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);
    /** How long a freshly imported image may take to show in the CRI's image list (it learns of it by event). */
    private static final Duration IMPORT_VISIBLE_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 100;
    /** How long after an attach ended its exit code waits for the container to be seen exited. */
    private static final Duration ATTACH_EXIT_WAIT = Duration.ofSeconds(3);

    private final ManagedChannel channel;
    private final EventLoopGroup group;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final ImageServiceGrpc.ImageServiceBlockingStub images;
    private final CtrImporter importer;
    private final CriLogReader logReader;
    private final SpdyRemoteCommand streams;
    private final Executor executor;
    private final Clock clock;
    private final String version;
    private final StatusCache<SandboxStatus> sandboxStatuses = new StatusCache<>();
    private final StatusCache<ContainerStatus> containerStatuses = new StatusCache<>();

    private ContainerdRuntime(ManagedChannel channel, EventLoopGroup group, CtrImporter importer, Executor executor,
                              Clock clock) {
        this.channel = channel;
        this.group = group;
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
        this.images = ImageServiceGrpc.newBlockingStub(channel);
        this.importer = importer;
        this.logReader = new CriLogReader(() -> Thread.sleep(POLL_MILLIS));
        this.streams = new SpdyRemoteCommand(group, EpollSocketChannel.class, Duration.ofSeconds(30));
        this.executor = executor;
        this.clock = clock;
        this.version = fetchVersion();
    }

    /**
     * Connects to containerd and checks that its CRI answers.
     *
     * @param socket   containerd's gRPC socket
     * @param ctr      the {@code ctr} executable, for image imports
     * @param executor runs short follow-up work of streaming sessions
     * @throws RuntimeUnavailableException when the socket is missing or the CRI does not answer
     */
    public static ContainerdRuntime connect(Path socket, String ctr, Executor executor, Clock clock) {
        if (!Files.exists(socket)) {
            throw new RuntimeUnavailableException("containerd is not running: no socket at " + socket);
        }
        EventLoopGroup group = new EpollEventLoopGroup(2);
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class)
                .usePlaintext()
                // grpc asks every channel for TCP keep-alive, which a unix socket does not have (netty warns)
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .maxInboundMessageSize(64 << 20)
                .build();
        try {
            return new ContainerdRuntime(channel, group,
                    new CtrImporter(ctr, socket.toString(), IMPORT_TIMEOUT), executor, clock);
        } catch (RuntimeException e) {
            channel.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    private String fetchVersion() {
        var response = call("ask containerd's version", Duration.ofSeconds(10),
                () -> runtime.withDeadlineAfter(10, TimeUnit.SECONDS).version(VersionRequest.newBuilder().setVersion("v1").build()));
        return "containerd://" + response.getRuntimeVersion();
    }

    /** containerd's CRI plugin runs CNI itself, with the configuration the agent's pod network wrote. */
    @Override
    public boolean wiresPodNetwork() {
        return true;
    }

    @Override
    public String version() {
        return version;
    }

    // ---- images ---------------------------------------------------------------------------------

    @Override
    public List<ImageInfo> listImages() {
        return call("list images", CALL_TIMEOUT,
                () -> images(CALL_TIMEOUT).listImages(ListImagesRequest.getDefaultInstance()))
                .getImagesList().stream().map(CriMapping::image).toList();
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        ImageStatusResponse status = call("look up image " + reference, CALL_TIMEOUT,
                () -> images(CALL_TIMEOUT).imageStatus(ImageStatusRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(reference)).build()));
        if (status.hasImage() && !status.getImage().getId().isEmpty()) {
            return Optional.of(CriMapping.image(status.getImage()));
        }
        // the CRI resolves names and full ids itself; short id prefixes only the list knows
        return listImages().stream().filter(i -> ImageReferences.matches(i, reference)).findFirst();
    }

    @Override
    public List<ImageInfo> importImage(Path tarball) {
        List<String> names = importer.importTarball(tarball);
        Map<String, ImageInfo> found = new LinkedHashMap<>();
        Instant deadline = clock.instant().plus(IMPORT_VISIBLE_TIMEOUT);
        for (String name : names) {
            Optional<ImageInfo> image = image(name);
            while (image.isEmpty() && clock.instant().isBefore(deadline)) {
                pause();
                image = image(name);
            }
            ImageInfo info = image.orElseThrow(() -> new RuntimeUnavailableException(
                    "imported " + name + " from " + tarball + ", but containerd's CRI does not list it"));
            found.putIfAbsent(info.id(), info);
        }
        return List.copyOf(found.values());
    }

    @Override
    public ImageInfo pullImage(String reference) {
        call("pull image " + reference, PULL_TIMEOUT, () -> images(PULL_TIMEOUT).pullImage(PullImageRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(reference)).build()));
        return image(reference).orElseThrow(() -> new RuntimeUnavailableException(
                "pulled " + reference + ", but containerd does not list it"));
    }

    // ---- pod sandboxes -----------------------------------------------------------------------------

    @Override
    public String runSandbox(SandboxConfig config) {
        if (config.logDirectory() != null) {
            createDirectories(Path.of(config.logDirectory()));
        }
        try {
            return runtime.withDeadlineAfter(SANDBOX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .runPodSandbox(RunPodSandboxRequest.newBuilder()
                            .setConfig(CriMapping.sandboxConfig(config, false)).build())
                    .getPodSandboxId();
        } catch (StatusRuntimeException e) {
            // a retry of a run that succeeded: the name is taken by the sandbox we want
            if (CriErrors.isAlreadyExists(e)) {
                Optional<String> existing = existingSandbox(config);
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            throw CriErrors.translate(e, "run the sandbox of pod " + config.podNamespace() + "/" + config.podName());
        }
    }

    private Optional<String> existingSandbox(SandboxConfig config) {
        return call("list sandboxes", CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT).listPodSandbox(
                ListPodSandboxRequest.getDefaultInstance())).getItemsList().stream()
                .filter(s -> s.getState() == io.timonel.plugins.runtime.containerd.cri.PodSandboxState.SANDBOX_READY)
                .filter(s -> s.getMetadata().getUid().equals(config.podUid())
                        && s.getMetadata().getName().equals(config.podName())
                        && s.getMetadata().getNamespace().equals(config.podNamespace())
                        && s.getMetadata().getAttempt() == config.attempt())
                .map(PodSandbox::getId)
                .findFirst();
    }

    @Override
    public void stopSandbox(String sandboxId) {
        call("stop sandbox " + sandboxId, SANDBOX_TIMEOUT, () -> runtime(SANDBOX_TIMEOUT)
                .stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
    }

    @Override
    public void removeSandbox(String sandboxId) {
        try {
            call("remove sandbox " + sandboxId, SANDBOX_TIMEOUT, () -> runtime(SANDBOX_TIMEOUT)
                    .removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build()));
        } catch (NotFoundException gone) {
            // already removed
        }
    }

    @Override
    public List<SandboxStatus> listSandboxes() {
        List<PodSandbox> items = call("list sandboxes", CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())).getItemsList();
        List<SandboxStatus> result = new ArrayList<>(items.size());
        for (PodSandbox item : items) {
            try {
                result.add(sandboxStatuses.get(item.getId(), item.getState(), () -> sandboxStatus(item.getId())));
            } catch (NotFoundException removedMeanwhile) {
                // gone between the list and the status
            }
        }
        sandboxStatuses.retain(items.stream().map(PodSandbox::getId).collect(java.util.stream.Collectors.toSet()));
        return result;
    }

    /** One sandbox's status, with its IP. */
    public SandboxStatus sandboxStatus(String sandboxId) {
        return CriMapping.sandboxStatus(call("read sandbox " + sandboxId, CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                .podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(sandboxId).build())).getStatus());
    }

    // ---- containers ----------------------------------------------------------------------------------

    @Override
    public String createContainer(String sandboxId, ContainerConfig config, SandboxConfig sandbox) {
        if (sandbox.logDirectory() != null && config.logPath() != null) {
            Path parent = Path.of(sandbox.logDirectory()).resolve(config.logPath()).getParent();
            if (parent != null) {
                createDirectories(parent);
            }
        }
        boolean privileged = config.security() != null && config.security().privileged();
        try {
            return runtime(CALL_TIMEOUT).createContainer(CreateContainerRequest.newBuilder()
                    .setPodSandboxId(sandboxId)
                    .setConfig(CriMapping.containerConfig(config, sandbox.hostNetwork()))
                    .setSandboxConfig(CriMapping.sandboxConfig(sandbox, privileged))
                    .build()).getContainerId();
        } catch (StatusRuntimeException e) {
            // a retry of a create that succeeded: the name (sandbox, name, attempt) is taken by the container we want
            if (CriErrors.isAlreadyExists(e)) {
                Optional<String> existing = containersOf(sandboxId).stream()
                        .filter(c -> c.getMetadata().getName().equals(config.name())
                                && c.getMetadata().getAttempt() == config.attempt())
                        .map(Container::getId).findFirst();
                if (existing.isPresent()) {
                    return existing.get();
                }
            }
            throw CriErrors.translate(e, "create container " + config.name() + " in sandbox " + sandboxId);
        }
    }

    private List<Container> containersOf(String sandboxId) {
        return call("list containers", CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT).listContainers(
                ListContainersRequest.newBuilder().setFilter(ContainerFilter.newBuilder().setPodSandboxId(sandboxId)).build()))
                .getContainersList();
    }

    @Override
    public void startContainer(String containerId) {
        try {
            runtime(CALL_TIMEOUT).startContainer(StartContainerRequest.newBuilder().setContainerId(containerId).build());
        } catch (StatusRuntimeException e) {
            if (!CriErrors.isNotFound(e) && containerStatus(containerId).state() == ContainerStatus.State.RUNNING) {
                return; // started already
            }
            throw CriErrors.translate(e, "start container " + containerId);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
        Duration deadline = Duration.ofSeconds(seconds).plus(CALL_TIMEOUT);
        call("stop container " + containerId, deadline, () -> runtime(deadline).stopContainer(
                StopContainerRequest.newBuilder().setContainerId(containerId).setTimeout(seconds).build()));
    }

    @Override
    public void removeContainer(String containerId) {
        try {
            call("remove container " + containerId, CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                    .removeContainer(RemoveContainerRequest.newBuilder().setContainerId(containerId).build()));
        } catch (NotFoundException gone) {
            // already removed
        }
    }

    @Override
    public List<ContainerStatus> listContainers() {
        List<Container> containers = call("list containers", CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                .listContainers(ListContainersRequest.getDefaultInstance())).getContainersList();
        List<ContainerStatus> result = new ArrayList<>(containers.size());
        for (Container c : containers) {
            try {
                // a created container's listing says all it has: no status call for it
                result.add(containerStatuses.get(c.getId(), c.getState(),
                        () -> c.getState() == ContainerState.CONTAINER_CREATED ? CriMapping.listedContainer(c)
                                : status(c.getId(), c.getPodSandboxId())));
            } catch (NotFoundException removedMeanwhile) {
                // gone between the list and the status
            }
        }
        containerStatuses.retain(containers.stream().map(Container::getId).collect(java.util.stream.Collectors.toSet()));
        return result;
    }

    @Override
    public ContainerStatus containerStatus(String containerId) {
        List<Container> found = call("find container " + containerId, CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                .listContainers(ListContainersRequest.newBuilder()
                        .setFilter(ContainerFilter.newBuilder().setId(containerId)).build())).getContainersList();
        if (found.isEmpty()) {
            throw new NotFoundException("no container " + containerId);
        }
        return status(containerId, found.get(0).getPodSandboxId());
    }

    private ContainerStatus status(String containerId, String sandboxId) {
        return CriMapping.containerStatus(criStatus(containerId), sandboxId);
    }

    private io.timonel.plugins.runtime.containerd.cri.ContainerStatus criStatus(String containerId) {
        return call("read container " + containerId, CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT).containerStatus(
                ContainerStatusRequest.newBuilder().setContainerId(containerId).build())).getStatus();
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        long seconds = timeout == null || timeout.isZero() || timeout.isNegative() ? 0 : (timeout.toMillis() + 999) / 1000;
        Duration deadline = seconds == 0 ? Duration.ofHours(1) : Duration.ofSeconds(seconds).plus(Duration.ofSeconds(30));
        try {
            ExecSyncResponse r = runtime(deadline).execSync(ExecSyncRequest.newBuilder()
                    .setContainerId(containerId).addAllCmd(command).setTimeout(seconds).build());
            return new ExecResult(r.getExitCode(), r.getStdout().toByteArray(), r.getStderr().toByteArray(), false);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return new ExecResult(-1, new byte[0], new byte[0], true);
            }
            throw CriErrors.translate(e, "exec in container " + containerId);
        }
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, StreamOptions options) {
        boolean stderr = options.stderr() && !options.tty();
        String url = call("exec in container " + containerId, CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                .exec(ExecRequest.newBuilder().setContainerId(containerId).addAllCmd(command).setTty(options.tty())
                        .setStdin(options.stdin()).setStdout(options.stdout()).setStderr(stderr).build())).getUrl();
        return streams.open(URI.create(url), options);
    }

    @Override
    public StreamSession attach(String containerId, StreamOptions options) {
        boolean stderr = options.stderr() && !options.tty();
        String url = call("attach to container " + containerId, CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                .attach(AttachRequest.newBuilder().setContainerId(containerId).setTty(options.tty())
                        .setStdin(options.stdin()).setStdout(options.stdout()).setStderr(stderr).build())).getUrl();
        // a container that keeps its stdin open: ending the attachment's input would end the attachment
        // (the CRI detaches), and output still to come would be lost
        boolean inputKeptOpen = options.stdin()
                && "true".equals(containerStatus(containerId).annotations().get(CriMapping.STDIN_KEPT_OPEN));
        StreamSession session = streams.open(URI.create(url), options);
        // the attach status only says the attach ended well; the exit code is the container's, which the CRI
        // reports a moment after the output ended (or never, when the client detached from a running container)
        CompletableFuture<Integer> exit = session.exitCode().thenApplyAsync(ok -> {
            Instant deadline = clock.instant().plus(ATTACH_EXIT_WAIT);
            try {
                while (true) {
                    ContainerStatus status = containerStatus(containerId);
                    if (status.state() == ContainerStatus.State.EXITED) {
                        return status.exitCode();
                    }
                    if (!clock.instant().isBefore(deadline)) {
                        return ok;
                    }
                    pause();
                }
            } catch (RuntimeUnavailableException e) {
                return ok;
            }
        }, executor);
        return new AttachSession(session, exit, inputKeptOpen);
    }

    @Override
    public void logs(String containerId, LogOptions options, LogSink sink) {
        io.timonel.plugins.runtime.containerd.cri.ContainerStatus status = criStatus(containerId);
        if (status.getLogPath().isEmpty()) {
            return;
        }
        try {
            logReader.read(Path.of(status.getLogPath()), options, sink, () -> isRunning(containerId));
        } catch (IOException e) {
            if (!sink.isClosed()) {
                throw new RuntimeUnavailableException("reading the log of container " + containerId + " failed: "
                        + e.getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isRunning(String containerId) {
        try {
            ContainerState state = criStatus(containerId).getState();
            return state == ContainerState.CONTAINER_RUNNING || state == ContainerState.CONTAINER_CREATED;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public ContainerStats stats(String containerId) {
        var stats = call("read the stats of container " + containerId, CALL_TIMEOUT, () -> runtime(CALL_TIMEOUT)
                .containerStats(ContainerStatsRequest.newBuilder().setContainerId(containerId).build())).getStats();
        long timestamp = stats.getCpu().getTimestamp();
        Instant time = timestamp == 0 ? clock.instant() : CriMapping.instant(timestamp);
        return new ContainerStats(time, stats.getCpu().getUsageCoreNanoSeconds().getValue(),
                stats.getMemory().getWorkingSetBytes().getValue());
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    // ---- plumbing --------------------------------------------------------------------------------------

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime(Duration deadline) {
        return runtime.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ImageServiceGrpc.ImageServiceBlockingStub images(Duration deadline) {
        return images.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs one CRI call, turning its failure into the SPI's exceptions. */
    private static <T> T call(String action, Duration deadline, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                throw new RuntimeUnavailableException(action + ": containerd did not answer within " + deadline, e);
            }
            throw CriErrors.translate(e, action);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot create the log directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted");
        }
    }

    /**
     * An attach session whose exit code is the container's; with {@code inputKeptOpen}, closing its
     * stdin only flushes it.
     */
    private record AttachSession(StreamSession session, CompletableFuture<Integer> exit, boolean inputKeptOpen)
            implements StreamSession {
        @Override
        public OutputStream stdin() {
            if (!inputKeptOpen) {
                return session.stdin();
            }
            return new java.io.FilterOutputStream(session.stdin()) {
                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws java.io.IOException {
                    out.flush();
                }
            };
        }

        @Override
        public InputStream stdout() {
            return session.stdout();
        }

        @Override
        public InputStream stderr() {
            return session.stderr();
        }

        @Override
        public void resize(int columns, int rows) {
            session.resize(columns, rows);
        }

        @Override
        public CompletableFuture<Integer> exitCode() {
            return exit;
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
