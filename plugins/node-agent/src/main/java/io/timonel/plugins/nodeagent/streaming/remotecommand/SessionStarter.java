package io.timonel.plugins.nodeagent.streaming.remotecommand;

import io.timonel.spi.runtime.StreamSession;

/** Starts the exec or attach session once the client's streams are in place; may throw the runtime's exceptions. */
@FunctionalInterface
public interface SessionStarter {
    StreamSession start();
}
