package io.timonel.plugins.runtime.containerd.streaming;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.SimpleChannelInboundHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpClientCodec;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpMethod;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpObject;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import io.grpc.netty.shaded.io.netty.handler.codec.http.LastHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyVersion;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client side of the kubelet's remote command protocol over SPDY/3.1, as spoken by the
 * streaming server of containerd's CRI (the URL that CRI {@code Exec} and {@code Attach} return):
 * an HTTP upgrade to {@code SPDY/3.1} negotiating {@code v4.channel.k8s.io}, then one SPDY stream per
 * channel (error, stdin, stdout, stderr, resize). SPDY rather than WebSocket because SPDY streams
 * half-close: closing stdin reaches the process as end of input, which {@code v4} over WebSocket
 * cannot express. Netty (the copy shaded into grpc-netty-shaded) does the HTTP and SPDY framing.
 */
public final class SpdyRemoteCommand {

    /** The remote command protocol version spoken on the streams. */
    static final String PROTOCOL = "v4.channel.k8s.io";

    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final Duration timeout;

    /**
     * @param group       the event loop the connections run on
     * @param channelType the TCP channel class matching {@code group}
     * @param timeout     how long connecting and the upgrade may take
     */
    public SpdyRemoteCommand(EventLoopGroup group, Class<? extends Channel> channelType, Duration timeout) {
        this.group = group;
        this.channelType = channelType;
        this.timeout = timeout;
    }

    /**
     * Connects to a streaming URL and opens the session's streams; blocks until they are open.
     *
     * @param options which streams the runtime was asked for (must match the Exec/Attach request)
     * @throws RuntimeUnavailableException when the server cannot be reached or refuses the upgrade
     */
    public StreamSession open(URI url, StreamOptions options) {
        int port = url.getPort() > 0 ? url.getPort() : 80;
        if (!"http".equals(url.getScheme())) {
            throw new RuntimeUnavailableException("unsupported streaming URL (only http): " + url);
        }
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        SpdySession session = new SpdySession(options);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("http", new HttpClientCodec());
                        ch.pipeline().addLast("upgrade", new UpgradeHandler(upgraded, session));
                    }
                });
        Channel channel;
        try {
            channel = bootstrap.connect(url.getHost(), port).sync().channel();
        } catch (Exception e) {
            throw new RuntimeUnavailableException("cannot reach the streaming server at " + url + ": " + e.getMessage(), e);
        }
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path);
        request.headers()
                .set(HttpHeaderNames.HOST, url.getHost() + ":" + port)
                .set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set("X-Stream-Protocol-Version", PROTOCOL)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeAndFlush(request);
        try {
            upgraded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            channel.close();
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeUnavailableException r ? r
                    : new RuntimeUnavailableException("stream upgrade at " + url + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            channel.close();
            throw new RuntimeUnavailableException("the streaming server at " + url + " did not answer within " + timeout);
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while opening a stream to " + url, e);
        }
        session.openStreams(channel);
        return session;
    }

    /**
     * Waits for the answer to the upgrade request: on {@code 101}, swaps HTTP for SPDY framing and
     * hands the connection to the session; otherwise fails with what the server said.
     */
    private static final class UpgradeHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final CompletableFuture<Void> upgraded;
        private final SpdySession session;
        private HttpResponse response;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        UpgradeHandler(CompletableFuture<Void> upgraded, SpdySession session) {
            this.upgraded = upgraded;
            this.session = session;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse r) {
                response = r;
            }
            if (msg instanceof HttpContent content) {
                ByteBuf buf = content.content();
                if (body.size() < 8192) {
                    byte[] bytes = new byte[Math.min(buf.readableBytes(), 8192)];
                    buf.getBytes(buf.readerIndex(), bytes);
                    body.writeBytes(bytes);
                }
            }
            if (!(msg instanceof LastHttpContent) || response == null) {
                return;
            }
            if (!response.status().equals(HttpResponseStatus.SWITCHING_PROTOCOLS)) {
                upgraded.completeExceptionally(new RuntimeUnavailableException("the streaming server refused the session: "
                        + response.status() + " " + body.toString(StandardCharsets.UTF_8).strip()));
                ctx.close();
                return;
            }
            String protocol = response.headers().get("X-Stream-Protocol-Version");
            if (!PROTOCOL.equals(protocol)) {
                upgraded.completeExceptionally(new RuntimeUnavailableException(
                        "the streaming server does not speak " + PROTOCOL + " (it chose " + protocol + ")"));
                ctx.close();
                return;
            }
            // bytes after the 101 already read by the HTTP decoder pass on to the SPDY decoder when it is removed
            ctx.pipeline().addAfter("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
            ctx.pipeline().replace(this, "session", session.handler());
            ctx.pipeline().remove("http");
            upgraded.complete(null);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            upgraded.completeExceptionally(new RuntimeUnavailableException("the streaming server closed the connection"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            upgraded.completeExceptionally(cause);
            ctx.close();
        }
    }
}
