package io.timonel.plugins.clusterdns.server;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DNS server on one address and port, UDP and TCP (RFC 1035 §4.2; RFC 7766 for TCP: several
 * queries per connection, idle connections closed). UDP is served by a few threads that receive on
 * the same socket and answer on their own thread, so that one thread's answer overlaps another's
 * wait; TCP connections get a thread each (clients come to TCP only after a truncated answer).
 */
public final class DnsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int MAX_MESSAGE = 65535;
    private static final int TCP_IDLE_MILLIS = 10_000;
    private static final int MAX_TCP_CONNECTIONS = 256;

    private final DatagramChannel udp;
    private final ServerSocket tcp;
    private final QueryHandler handler;
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService connections;
    private final Semaphore connectionSlots = new Semaphore(MAX_TCP_CONNECTIONS);
    private volatile boolean closed;

    private DnsServer(DatagramChannel udp, ServerSocket tcp, QueryHandler handler) {
        this.udp = udp;
        this.tcp = tcp;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> daemon(r, "cluster-dns-tcp-" + n.incrementAndGet()));
    }

    /**
     * Binds UDP and TCP on {@code address:port} (port 0: the same free port for both) and starts
     * serving with {@code udpThreads} receiver threads.
     *
     * @throws IOException when the port cannot be bound
     */
    public static DnsServer start(InetAddress address, int port, int udpThreads, QueryHandler handler) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < (port == 0 ? 10 : 1); attempt++) {
            DatagramChannel udp = DatagramChannel.open();
            try {
                udp.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                udp.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                udp.bind(new InetSocketAddress(address, port));
                int bound = ((InetSocketAddress) udp.getLocalAddress()).getPort();
                ServerSocket tcp = new ServerSocket();
                try {
                    tcp.setReuseAddress(true);
                    tcp.bind(new InetSocketAddress(address, bound), 128);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                DnsServer server = new DnsServer(udp, tcp, handler);
                server.run(udpThreads);
                return server;
            } catch (BindException e) {
                udp.close();
                last = e;
            } catch (IOException | RuntimeException e) {
                udp.close();
                throw e;
            }
        }
        throw last;
    }

    /** The address and port it serves on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
    }

    public int port() {
        return tcp.getLocalPort();
    }

    private void run(int udpThreads) {
        for (int i = 0; i < Math.max(1, udpThreads); i++) {
            threads.add(daemon(this::serveUdp, "cluster-dns-udp-" + i));
        }
        threads.add(daemon(this::acceptTcp, "cluster-dns-accept"));
        threads.forEach(Thread::start);
    }

    private void serveUdp() {
        ByteBuffer in = ByteBuffer.allocate(MAX_MESSAGE);
        ByteBuffer out = ByteBuffer.allocate(MAX_MESSAGE);
        WireQuery query = new WireQuery();
        while (!closed) {
            try {
                in.clear();
                SocketAddress from = udp.receive(in);
                if (from == null) {
                    continue;
                }
                if (handler.answer(in.array(), in.position(), false, query, out, reply -> sendLater(reply, from))) {
                    udp.send(out, from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.debug("cluster DNS: UDP query failed", e);
                }
            }
        }
    }

    private void sendLater(ByteBuffer reply, SocketAddress to) {
        try {
            udp.send(reply, to);
        } catch (IOException e) {
            LOG.debug("cluster DNS: cannot send a forwarded answer to {}", to, e);
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket socket = tcp.accept();
                if (!connectionSlots.tryAcquire()) {
                    socket.close();
                    continue;
                }
                connections.execute(() -> {
                    try (socket) {
                        serveTcp(socket);
                    } catch (IOException e) {
                        LOG.debug("cluster DNS: TCP connection ended", e);
                    } finally {
                        connectionSlots.release();
                    }
                });
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("cluster DNS: accepting a TCP connection failed", e);
                }
            }
        }
    }

    private void serveTcp(Socket socket) throws IOException {
        socket.setSoTimeout(TCP_IDLE_MILLIS);
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        byte[] message = new byte[MAX_MESSAGE];
        ByteBuffer reply = ByteBuffer.allocate(MAX_MESSAGE);
        WireQuery query = new WireQuery();
        while (!closed) {
            int length;
            try {
                length = in.readUnsignedShort();
                in.readFully(message, 0, length);
            } catch (EOFException | SocketTimeoutException e) {
                return;
            }
            CompletableFuture<ByteBuffer> later = new CompletableFuture<>();
            ByteBuffer answer;
            if (handler.answer(message, length, true, query, reply, later::complete)) {
                answer = reply;
            } else {
                try {
                    answer = later.get(TCP_IDLE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    return;
                }
            }
            byte[] framed = new byte[answer.remaining() + 2];
            framed[0] = (byte) (answer.remaining() >> 8);
            framed[1] = (byte) answer.remaining();
            answer.get(framed, 2, answer.remaining());
            out.write(framed);
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            udp.close();
        } catch (IOException e) {
            LOG.debug("closing the UDP socket", e);
        }
        try {
            tcp.close();
        } catch (IOException e) {
            LOG.debug("closing the TCP socket", e);
        }
        connections.shutdownNow();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

}
