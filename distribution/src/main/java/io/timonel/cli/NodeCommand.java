package io.timonel.cli;

import io.timonel.spi.network.PodAttachment;
import io.timonel.spi.network.PodNetwork;
import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code timonel node}: operations on this machine's node outside the API. */
@Command(name = "node", description = "Operations on this machine's node.", subcommands = NodeCommand.Reset.class)
public final class NodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * {@code timonel node reset}: stops and removes every pod sandbox (with its containers) in the
     * runtime, like {@code kubeadm reset}: for after the node's server or agent stopped for good.
     * With {@code --data-dir} it first detaches each sandbox from the pod network the agent attached
     * it to (CNI DEL: its address goes back to the pool, its host-side rules go), as the agent does
     * when it stops a pod; run it where the agent ran (the same network namespace).
     */
    @Command(name = "reset", description = "Stop and remove every pod sandbox and container the node agent "
            + "created in the runtime (run it with the server stopped).")
    static final class Reset implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        /** The label the node agent puts on its sandboxes: which node they belong to. */
        static final String NODE_LABEL = "io.timonel.node";

        @Mixin
        RuntimeOptions options;

        @picocli.CommandLine.Option(names = "--node-name", paramLabel = "NAME",
                description = "Only the sandboxes of this node (several agents may share one runtime). Default: all.")
        String nodeName;

        @picocli.CommandLine.Option(names = "--data-dir", paramLabel = "DIR",
                description = "The node's data directory (the agent's --data-dir, or the server's): release the "
                        + "sandboxes' pod network addresses recorded there. Default: leave them.")
        Path dataDir;

        @Override
        public Integer call() throws java.io.IOException {
            int failed = 0;
            try (RuntimeOptions.Opened opened = options.open()) {
                ContainerRuntime runtime = opened.runtime();
                List<SandboxStatus> sandboxes = runtime.listSandboxes().stream()
                        .filter(s -> nodeName == null || nodeName.equals(s.labels().get(NODE_LABEL))).toList();
                Optional<PodNetwork> network = dataDir == null ? Optional.empty()
                        : opened.podNetwork(nodeName == null ? "" : nodeName, agentState(dataDir));
                for (SandboxStatus sandbox : sandboxes) {
                    try {
                        network.ifPresent(pods -> detach(pods, runtime, sandbox.id()));
                        runtime.stopSandbox(sandbox.id());
                        runtime.removeSandbox(sandbox.id());
                    } catch (RuntimeUnavailableException e) {
                        failed++;
                        spec.commandLine().getErr().println("sandbox " + sandbox.id() + ": " + e.getMessage());
                    }
                }
                network.ifPresent(PodNetwork::close);
                spec.commandLine().getOut().println("removed " + (sandboxes.size() - failed) + " pod sandboxes from "
                        + opened.name());
            }
            return failed == 0 ? 0 : 1;
        }

        /** The node agent's state under a data directory: an agent's {@code DIR/node-agent}, a server's {@code DIR/node/node-agent}. */
        static Path agentState(Path dataDir) {
            Path agent = dataDir.resolve(ServerCommand.NODE_AGENT);
            Path server = dataDir.resolve("node").resolve(ServerCommand.NODE_AGENT);
            return Files.isDirectory(agent) || !Files.isDirectory(server) ? agent : server;
        }

        /** CNI DEL for one sandbox, in its namespace while it still runs; a failure is reported, not fatal. */
        private void detach(PodNetwork pods, ContainerRuntime runtime, String sandboxId) {
            String netns;
            try {
                netns = runtime.networkNamespace(sandboxId);
            } catch (NotFoundException e) {
                netns = null; // stopped: its interface went with its namespace, the address is still to release
            }
            try {
                pods.detach(new PodAttachment(null, null, null, sandboxId, netns, List.of()));
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("sandbox " + sandboxId + ": pod network not released: "
                        + e.getMessage());
            }
        }
    }
}
