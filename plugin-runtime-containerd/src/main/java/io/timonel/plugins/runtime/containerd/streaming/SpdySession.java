package io.timonel.plugins.runtime.containerd.streaming;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.SimpleChannelInboundHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyDataFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyHeadersFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyPingFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import io.timonel.spi.runtime.StreamOptions;
import io.timonel.spi.runtime.StreamSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One remote command session on an upgraded SPDY connection. Streams are opened by this side in the
 * order the kubelet's clients use (error, stdin, stdout, stderr, resize), each named by its
 * {@code streamtype} header. Output arrives on the event loop and waits in {@link InboundPipe}s: read
 * stdout and stderr concurrently, since a full pipe pauses the whole connection.
 */
final class SpdySession implements StreamSession {

    private static final int MAX_FRAME = 32 * 1024;

    private final StreamOptions options;
    private final boolean stderrWanted;
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private final ByteArrayOutputStream status = new ByteArrayOutputStream();
    private final InboundPipe stdout;
    private final InboundPipe stderr;
    private final OutputStream stdin;
    private volatile Channel channel;
    private int errorId;
    private int stdinId;
    private int stdoutId;
    private int stderrId;
    private int resizeId;

    SpdySession(StreamOptions options) {
        this.options = options;
        // with a terminal, the CRI merges stderr into stdout
        this.stderrWanted = options.stderr() && !options.tty();
        Runnable resume = () -> {
            Channel ch = channel;
            if (ch != null) {
                ch.config().setAutoRead(true);
            }
        };
        this.stdout = new InboundPipe(resume);
        this.stderr = new InboundPipe(resume);
        if (!options.stdout()) {
            stdout.end();
        }
        if (!stderrWanted) {
            stderr.end();
        }
        this.stdin = options.stdin() ? new StdinStream() : OutputStream.nullOutputStream();
    }

    /** The handler that receives the connection's frames, once it speaks SPDY. */
    ChannelHandler handler() {
        return new FrameHandler();
    }

    /** Opens the streams on the upgraded connection. */
    void openStreams(Channel ch) {
        this.channel = ch;
        int next = 1;
        errorId = next;
        next += 2;
        if (options.stdin()) {
            stdinId = next;
            next += 2;
        }
        if (options.stdout()) {
            stdoutId = next;
            next += 2;
        }
        if (stderrWanted) {
            stderrId = next;
            next += 2;
        }
        if (options.tty()) {
            resizeId = next;
        }
        open(errorId, "error");
        if (stdinId != 0) {
            open(stdinId, "stdin");
        }
        if (stdoutId != 0) {
            open(stdoutId, "stdout");
        }
        if (stderrId != 0) {
            open(stderrId, "stderr");
        }
        ChannelFuture last = resizeId != 0 ? open(resizeId, "resize") : null;
        if (last != null) {
            last.awaitUninterruptibly();
        }
    }

    private ChannelFuture open(int id, String type) {
        SpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
        syn.headers().set("streamtype", type);
        return channel.writeAndFlush(syn);
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public void resize(int columns, int rows) {
        Channel ch = channel;
        if (resizeId == 0 || ch == null || !ch.isActive()) {
            return;
        }
        byte[] json = ("{\"Width\":" + columns + ",\"Height\":" + rows + "}").getBytes(StandardCharsets.US_ASCII);
        ch.writeAndFlush(new DefaultSpdyDataFrame(resizeId, Unpooled.wrappedBuffer(json)));
    }

    @Override
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        stdout.end();
        stderr.end();
        exitCode.completeExceptionally(new RuntimeUnavailableException("the session was closed before the command ended"));
    }

    /** Writes stdin as data frames; closing it half-closes the stream, which the process sees as end of input. */
    private final class StdinStream extends OutputStream {
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stdin is closed");
            }
            for (int start = off; start < off + len; start += MAX_FRAME) {
                int n = Math.min(MAX_FRAME, off + len - start);
                send(new DefaultSpdyDataFrame(stdinId, Unpooled.wrappedBuffer(Arrays.copyOfRange(b, start, start + n))));
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(stdinId);
            fin.setLast(true);
            send(fin);
        }

        private void send(SpdyFrame frame) throws IOException {
            Channel ch = channel;
            if (ch == null || !ch.isActive()) {
                throw new IOException("the session has ended");
            }
            // waiting for each write keeps memory bounded and tells the writer when the session is gone
            ChannelFuture written = ch.writeAndFlush(frame).awaitUninterruptibly();
            if (!written.isSuccess()) {
                throw new IOException("the session has ended", written.cause());
            }
        }
    }

    /**
     * Routes the frames the server sends (on the event loop). It sends no WINDOW_UPDATE: the streaming
     * server's SPDY (spdystream, as kubectl's) ignores flow control, and a frame that reaches the server after
     * it closed the connection draws a TCP reset, which discards output this side has not read yet.
     */
    private final class FrameHandler extends SimpleChannelInboundHandler<SpdyFrame> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SpdyFrame frame) {
            if (frame instanceof SpdyDataFrame data) {
                int id = data.streamId();
                ByteBuf content = data.content();
                int size = content.readableBytes();
                byte[] bytes = new byte[size];
                content.readBytes(bytes);
                boolean pause = false;
                if (id == stdoutId) {
                    pause = stdout.offer(bytes);
                } else if (id == stderrId) {
                    pause = stderr.offer(bytes);
                } else if (id == errorId) {
                    status.writeBytes(bytes);
                }
                if (pause) {
                    ctx.channel().config().setAutoRead(false);
                }
                if (data.isLast()) {
                    ended(id);
                }
            } else if (frame instanceof SpdyHeadersFrame headers) {
                // SYN_REPLY and HEADERS: the server accepted a stream; a FIN among them ends it
                if (headers.isLast()) {
                    ended(headers.streamId());
                }
            } else if (frame instanceof SpdyRstStreamFrame rst) {
                ended(rst.streamId());
            } else if (frame instanceof SpdyPingFrame ping) {
                ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
            } else if (frame instanceof SpdySynStreamFrame syn) {
                // the remote command protocol has no server-initiated streams
                ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(syn.streamId(), SpdyStreamStatus.REFUSED_STREAM));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stdout.end();
            stderr.end();
            finish(false);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void ended(int id) {
            if (id == stdoutId) {
                stdout.end();
            } else if (id == stderrId) {
                stderr.end();
            } else if (id == errorId) {
                finish(true);
            }
        }

        /** Completes the exit code from the status; a connection lost before any status is an error. */
        private void finish(boolean statusEnded) {
            if (exitCode.isDone()) {
                return;
            }
            if (!statusEnded && status.size() == 0) {
                exitCode.completeExceptionally(
                        new RuntimeUnavailableException("the streaming connection closed before the command reported its end"));
                return;
            }
            try {
                exitCode.complete(RemoteCommandStatus.exitCode(status.toByteArray()));
            } catch (RuntimeUnavailableException e) {
                exitCode.completeExceptionally(e);
            }
        }
    }
}
