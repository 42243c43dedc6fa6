package io.timonel.cli.bench;

import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * How busy the server and the benchmark client were during a phase, in cores (CPU seconds per
 * second). Both share this machine: a client using most of the CPU would mean the figures
 * measure the client, and the report should say so.
 */
final class CpuSplit {

    /** CPU seconds of both sides at one instant. */
    record Mark(double server, double client, long atNanos) {
    }

    private final DoubleSupplier server;
    private final DoubleSupplier client;
    private final LongSupplier nanoTicker;

    /**
     * @param server CPU seconds used by the server so far ({@link CpuMeter#seconds()}), or null
     *               when the server is not a child of this process
     * @param client CPU seconds used by this benchmark so far
     */
    CpuSplit(DoubleSupplier server, DoubleSupplier client, LongSupplier nanoTicker) {
        this.server = server;
        this.client = client;
        this.nanoTicker = nanoTicker;
    }

    Mark mark() {
        return new Mark(server == null ? Double.NaN : server.getAsDouble(), client.getAsDouble(), nanoTicker.getAsLong());
    }

    /** E.g. {@code cores busy: server 1.42, client 0.51}; the server part is left out when unknown. */
    String since(Mark start) {
        Mark end = mark();
        double wall = (end.atNanos() - start.atNanos()) / 1e9;
        if (wall <= 0) {
            return "";
        }
        String clientPart = String.format(Locale.ROOT, "client %.2f", (end.client() - start.client()) / wall);
        if (Double.isNaN(end.server()) || Double.isNaN(start.server())) {
            return "cores busy: " + clientPart;
        }
        return String.format(Locale.ROOT, "cores busy: server %.2f, %s", (end.server() - start.server()) / wall, clientPart);
    }
}
