package io.timonel.plugins.clusterdns.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: a UDP responder that sends each query straight back with the QR bit set, with
 * the same threading as the DNS server (threads receiving on one channel). What it costs is the
 * cost of UDP on loopback in this JVM; the server's figures beside it show what answering adds.
 */
final class EchoResponder implements AutoCloseable {
    private final DatagramChannel channel;
    private final List<Thread> threads = new ArrayList<>();

    EchoResponder(int threadCount) throws IOException {
        channel = DatagramChannel.open();
        // the same socket buffers as the DNS server's
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::serve, "echo-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void serve() {
        ByteBuffer buf = ByteBuffer.allocate(65535);
        while (channel.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                buf.flip();
                buf.put(2, (byte) (buf.get(2) | 0x80));
                channel.send(buf, from);
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
