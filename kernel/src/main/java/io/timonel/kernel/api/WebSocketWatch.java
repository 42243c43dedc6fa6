package io.timonel.kernel.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.xnio.IoUtils;

/**
 * Watches over WebSocket, as Kubernetes serves them to clients that ask (the fabric8 client
 * does, before falling back to a streamed response): each event is one text message.
 */
final class WebSocketWatch {
    /** Watches hold a thread each for their lifetime, like streamed ones hold a worker. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "websocket-watch");
        t.setDaemon(true);
        return t;
    });

    private WebSocketWatch() {
    }

    static boolean requested(HttpServerExchange ex) {
        String upgrade = ex.getRequestHeaders().getFirst(Headers.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** Completes the handshake, then streams the watch on its own thread until it ends. */
    static void upgrade(HttpServerExchange ex, WatchStream stream, Duration timeout, Supplier<JsonNode> bookmark,
                        Runnable end) {
        try {
            WebSocketConnectionCallback onConnect = (exchange, channel) -> {
                channel.getCloseSetter().set(c -> stream.clientGone());
                channel.resumeReceives(); // so that the client's close frame is seen
                THREADS.execute(() -> {
                    try {
                        stream.run(frames(channel), timeout, bookmark);
                    } finally {
                        end.run();
                    }
                });
            };
            new WebSocketProtocolHandshakeHandler(onConnect).handleRequest(ex);
        } catch (Exception e) {
            end.run();
            throw ApiException.badRequest("the WebSocket handshake failed: " + e.getMessage());
        }
    }

    private static WatchStream.Frames frames(WebSocketChannel channel) {
        return new WatchStream.Frames() {
            @Override
            public void send(byte[] event) throws IOException {
                WebSockets.sendTextBlocking(ByteBuffer.wrap(event), channel);
            }

            @Override
            public void flush() {
            }

            /**
             * Sends the close frame and closes on the channel's own I/O thread: closing from another
             * thread takes the TLS conduit's lock before the channel's, the I/O thread's flush takes
             * them the other way round, and the two deadlocked (a server's stop then hung for good).
             */
            @Override
            public void close() {
                channel.getIoThread().execute(() -> WebSockets.sendClose(1000, "watch ended", channel,
                        new WebSocketCallback<Void>() {
                            @Override
                            public void complete(WebSocketChannel done, Void context) {
                                IoUtils.safeClose(done);
                            }

                            @Override
                            public void onError(WebSocketChannel failed, Void context, Throwable error) {
                                IoUtils.safeClose(failed);
                            }
                        }));
            }
        };
    }
}
