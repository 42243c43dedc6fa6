package io.timonel.plugins.runtime.docker.engine;

import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Raw HTTP requests to the Docker Engine over its unix socket, for the calls whose bodies are
 * streams: exec and attach (hijacked: after {@code 101 UPGRADED} the connection carries the
 * process's stdin one way and its output the other, and half-closing our side ends its stdin),
 * logs, image loads and stats. Each request uses its own connection: streaming requests are sent
 * as HTTP/1.0 so the engine answers without chunked encoding and ends the body by closing, and
 * closing our channel wakes a reader blocked on it (which a JNA socket under a pooled client does
 * not promise).
 *
 * <p>Thread-safe: it holds only the socket's path.
 */
public final class EngineSocket {
    private final Path socket;

    public EngineSocket(Path socket) {
        this.socket = socket;
    }

    public Path path() {
        return socket;
    }

    /**
     * Sends a request whose response body is read to the end of the connection.
     *
     * @param body the request body, or null for none
     * @throws EngineStatusException      on a status from 400 up, with the engine's message
     * @throws RuntimeUnavailableException when the engine cannot be reached
     */
    public EngineConnection request(String method, String target, Body body) {
        return open(method, target, body, false, c -> { });
    }

    /**
     * As {@link #request(String, String, Body)}, handing the connection to {@code connected} as
     * soon as it is open, before the engine answered: a request the engine answers late (a wait)
     * can so be abandoned by closing it from another thread.
     */
    public EngineConnection request(String method, String target, Body body, java.util.function.Consumer<EngineConnection> connected) {
        return open(method, target, body, false, connected);
    }

    /**
     * Sends a request that asks the engine to hijack the connection ({@code Connection: Upgrade},
     * {@code Upgrade: tcp}), as {@code POST /exec/{id}/start} and {@code POST /containers/{id}/attach} do.
     */
    public EngineConnection hijack(String target, Body body) {
        return open("POST", target, body, true, c -> { });
    }

    private EngineConnection open(String method, String target, Body body, boolean upgrade,
                                  java.util.function.Consumer<EngineConnection> connected) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot open a unix socket: " + e.getMessage(), e);
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(target).append(upgrade ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n")
                    .append("Host: docker\r\n");
            if (upgrade) {
                head.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
            }
            if (body != null) {
                head.append("Content-Type: ").append(body.contentType()).append("\r\n")
                        .append("Content-Length: ").append(body.length()).append("\r\n");
            } else if (upgrade || !"GET".equals(method)) {
                head.append("Content-Length: 0\r\n");
            }
            head.append("\r\n");
            EngineConnection connection = new EngineConnection(channel);
            connected.accept(connection);
            connection.output().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                try (InputStream in = body.open()) {
                    in.transferTo(connection.output());
                }
            }
            connection.output().flush();
            connection.readHead();
            int status = connection.status();
            if (status >= 400) {
                String message = EngineMessages.of(connection.readBody(64 * 1024));
                connection.close();
                throw new EngineStatusException(status, message.isEmpty() ? "docker answered " + status : message);
            }
            return connection;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new RuntimeUnavailableException("docker at " + socket + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** A request body: a content type, its exact length and a way to read it. */
    public interface Body {
        String contentType();

        long length();

        InputStream open() throws IOException;

        static Body json(byte[] bytes) {
            return of("application/json", bytes);
        }

        static Body of(String contentType, byte[] bytes) {
            return new Body() {
                @Override
                public String contentType() {
                    return contentType;
                }

                @Override
                public long length() {
                    return bytes.length;
                }

                @Override
                public InputStream open() {
                    return new java.io.ByteArrayInputStream(bytes);
                }
            };
        }

        static Body file(String contentType, Path file) throws IOException {
            long size = java.nio.file.Files.size(file);
            return new Body() {
                @Override
                public String contentType() {
                    return contentType;
                }

                @Override
                public long length() {
                    return size;
                }

                @Override
                public InputStream open() throws IOException {
                    return java.nio.file.Files.newInputStream(file);
                }
            };
        }
    }
}
