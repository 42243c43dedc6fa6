package io.timonel.plugins.clusterdns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * Forwards to a list of upstream resolvers through dnsjava's resolver (UDP, TCP when the answer
 * is truncated, the next upstream when one fails), each attempt bounded by a timeout.
 */
public final class UpstreamForwarder implements Forwarder {
    private final Resolver resolver;
    private final Executor executor;

    /**
     * @param upstreams the resolvers, tried in turn; empty: every forward fails at once
     * @param timeout   how long to wait for each upstream
     * @param executor  where replies are completed
     */
    public UpstreamForwarder(List<InetSocketAddress> upstreams, Duration timeout, Executor executor) {
        this.executor = executor;
        if (upstreams.isEmpty()) {
            this.resolver = null;
            return;
        }
        List<Resolver> each = new ArrayList<>();
        for (InetSocketAddress upstream : upstreams) {
            SimpleResolver r = new SimpleResolver(upstream);
            r.setTimeout(timeout);
            each.add(r);
        }
        ExtendedResolver all = new ExtendedResolver(each);
        all.setTimeout(timeout);
        all.setRetries(1);
        all.setLoadBalance(false);
        this.resolver = all;
    }

    @Override
    public CompletionStage<Message> send(Message query) {
        if (resolver == null) {
            return CompletableFuture.failedFuture(new IOException("no upstream resolver configured"));
        }
        return resolver.sendAsync(query, executor);
    }

    /**
     * The nameservers of a resolv.conf ({@code nameserver IP} lines, port 53), in order; empty when
     * the file is missing.
     */
    public static List<InetSocketAddress> fromResolvConf(Path file) {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equals("nameserver")) {
                    InetSocketAddress a = parse(words[1], 53);
                    if (a != null) {
                        out.add(a);
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** {@code IP}, {@code IP:port} or {@code [IPv6]:port} as a socket address; null when malformed. */
    public static InetSocketAddress parse(String text, int defaultPort) {
        try {
            return parseOrThrow(text, defaultPort);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static InetSocketAddress parseOrThrow(String text, int defaultPort) {
        String host = text.trim();
        int port = defaultPort;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return null;
            }
            if (host.length() > close + 2 && host.charAt(close + 1) == ':') {
                port = Integer.parseInt(host.substring(close + 2));
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') > 0) {
            port = Integer.parseInt(host.substring(host.indexOf(':') + 1));
            host = host.substring(0, host.indexOf(':'));
        }
        if (!host.chars().allMatch(c -> c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        return new InetSocketAddress(host, port);
    }
}
