package io.timonel.plugins.clusterdns.bench;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A UDP DNS load generator over pre-encoded queries (their ids rewritten per send), in two modes:
 * closed loop (each thread keeps a window of queries outstanding: the throughput ceiling) and open
 * loop at a fixed rate (latency measured from each query's scheduled send time, so a stalled
 * server cannot hide its queueing).
 */
final class LoadGenerator {
    /** The outcome of one run. */
    record Result(long answered, long lost, double seconds, Histogram latencyMicros) {
        double qps() {
            return answered / seconds;
        }

        String describe() {
            return String.format("%,10.0f q/s  p50 %6.3f ms  p99 %6.3f ms  p99.9 %6.3f ms  lost %d",
                    qps(), latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0,
                    latencyMicros.getValueAtPercentile(99.9) / 1000.0, lost);
        }
    }

    private final InetSocketAddress target;
    private final List<byte[]> queries;

    LoadGenerator(InetSocketAddress target, List<byte[]> queries) {
        this.target = target;
        this.queries = queries;
    }

    /** {@code threads} sockets, each with {@code window} queries in flight, for {@code seconds}. */
    Result closedLoop(int threads, int window, double seconds) throws Exception {
        List<Thread> workers = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        AtomicLong answered = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int t = 0; t < threads; t++) {
            Histogram h = new Histogram(60_000_000L, 3);
            histograms.add(h);
            int seed = t;
            Thread w = new Thread(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.connect(target);
                    s.setSoTimeout(200);
                    long[] sentAt = new long[65536];
                    byte[] in = new byte[4096];
                    DatagramPacket reply = new DatagramPacket(in, in.length);
                    int next = seed * 7919;
                    int id = 0;
                    for (int i = 0; i < window; i++) {
                        id = send(s, next++, id, sentAt);
                    }
                    while (System.nanoTime() < end) {
                        try {
                            s.receive(reply);
                        } catch (SocketTimeoutException e) {
                            for (int i = 0; i < 65536; i++) {
                                if (sentAt[i] != 0) {
                                    sentAt[i] = 0;
                                    lost.incrementAndGet();
                                }
                            }
                            for (int i = 0; i < window; i++) {
                                id = send(s, next++, id, sentAt);
                            }
                            continue;
                        }
                        int rid = ((in[0] & 0xFF) << 8) | (in[1] & 0xFF);
                        long at = sentAt[rid];
                        if (at == 0) {
                            continue;
                        }
                        sentAt[rid] = 0;
                        h.recordValue(Math.max(1, (System.nanoTime() - at) / 1000));
                        answered.incrementAndGet();
                        id = send(s, next++, id, sentAt);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "load-" + t);
            workers.add(w);
        }
        long start = System.nanoTime();
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        return new Result(answered.get(), lost.get(), took, all);
    }

    /**
     * Sends {@code rate} queries a second for {@code seconds} from one socket, in small bursts of
     * whatever is due (so a late wake-up is caught up, not skipped); another thread reads the answers.
     */
    Result openLoop(int rate, double seconds) throws Exception {
        Histogram h = new Histogram(60_000_000L, 3);
        AtomicLong answered = new AtomicLong();
        AtomicLongArray scheduled = new AtomicLongArray(65536);
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(target);
            s.setReceiveBufferSize(4 << 20);
            s.setSendBufferSize(4 << 20);
            s.setSoTimeout(500);
            long total = (long) (rate * seconds);
            double interval = 1e9 / rate;
            Thread reader = new Thread(() -> {
                byte[] in = new byte[4096];
                DatagramPacket reply = new DatagramPacket(in, in.length);
                while (true) {
                    try {
                        s.receive(reply);
                    } catch (Exception e) {
                        return;
                    }
                    long now = System.nanoTime();
                    int rid = ((in[0] & 0xFF) << 8) | (in[1] & 0xFF);
                    long at = scheduled.getAndSet(rid, 0);
                    if (at != 0) {
                        h.recordValue(Math.max(1, (now - at) / 1000));
                        answered.incrementAndGet();
                    }
                }
            }, "load-reader");
            reader.start();
            byte[][] packets = new byte[queries.size()][];
            for (int i = 0; i < packets.length; i++) {
                packets[i] = queries.get(i).clone();
            }
            DatagramPacket out = new DatagramPacket(new byte[0], 0);
            long start = System.nanoTime() + 1_000_000;
            long sent = 0;
            while (sent < total) {
                long due = Math.min(total, (long) ((System.nanoTime() - start) / interval) + 1);
                if (due <= sent) {
                    LockSupport.parkNanos(Math.max(1000, (long) (start + sent * interval - System.nanoTime())));
                    continue;
                }
                for (; sent < due; sent++) {
                    byte[] q = packets[(int) (sent % packets.length)];
                    int id = (int) (sent & 0xFFFF);
                    q[0] = (byte) (id >> 8);
                    q[1] = (byte) id;
                    scheduled.set(id, start + (long) (sent * interval));
                    out.setData(q);
                    s.send(out);
                }
            }
            reader.join();
            return new Result(answered.get(), total - answered.get(), total / (double) rate, h);
        }
    }

    private int send(DatagramSocket s, int which, int id, long[] sentAt) throws java.io.IOException {
        byte[] q = queries.get(Math.floorMod(which, queries.size()));
        byte[] copy = q.clone();
        copy[0] = (byte) (id >> 8);
        copy[1] = (byte) id;
        sentAt[id] = System.nanoTime();
        s.send(new DatagramPacket(copy, copy.length));
        return (id + 1) & 0xFFFF;
    }
}
