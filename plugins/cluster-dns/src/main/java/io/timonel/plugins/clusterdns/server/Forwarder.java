package io.timonel.plugins.clusterdns.server;

import java.util.concurrent.CompletionStage;
import org.xbill.DNS.Message;

/** Where questions outside the cluster domain go: the host's resolvers. */
public interface Forwarder {

    /**
     * Sends {@code query} upstream. Completes with the upstream's response, or exceptionally when
     * no upstream answered in time (the server then answers SERVFAIL). Never blocks the caller.
     */
    CompletionStage<Message> send(Message query);
}
