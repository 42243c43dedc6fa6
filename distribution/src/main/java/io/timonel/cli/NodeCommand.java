package io.timonel.cli;

import io.timonel.spi.runtime.ContainerRuntime;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.SandboxStatus;
import java.util.List;
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

        @Override
        public Integer call() throws java.io.IOException {
            int failed = 0;
            try (RuntimeOptions.Opened opened = options.open()) {
                ContainerRuntime runtime = opened.runtime();
                List<SandboxStatus> sandboxes = runtime.listSandboxes().stream()
                        .filter(s -> nodeName == null || nodeName.equals(s.labels().get(NODE_LABEL))).toList();
                for (SandboxStatus sandbox : sandboxes) {
                    try {
                        runtime.stopSandbox(sandbox.id());
                        runtime.removeSandbox(sandbox.id());
                    } catch (RuntimeUnavailableException e) {
                        failed++;
                        spec.commandLine().getErr().println("sandbox " + sandbox.id() + ": " + e.getMessage());
                    }
                }
                spec.commandLine().getOut().println("removed " + (sandboxes.size() - failed) + " pod sandboxes from "
                        + opened.name());
            }
            return failed == 0 ? 0 : 1;
        }
    }
}
