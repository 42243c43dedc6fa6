package io.timonel.plugins.netiptables.podnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the pod network did for each sandbox, one JSON file per sandbox in a directory of its own,
 * so that a restarted agent still knows the addresses of its running pods and can undo exactly
 * what was done (the same configuration and host ports, the ADD's result): libcni's cache. A file
 * is written before the plugins run (without a result) and again after, so that a crash in
 * between still leaves enough to release the address.
 */
final class Attachments {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    private final ObjectMapper json;
    private final Path dir;

    Attachments(ObjectMapper json, Path dir) {
        this.json = json;
        this.dir = dir;
    }

    /**
     * One sandbox's attachment.
     *
     * @param config       the network configuration list it was added with
     * @param capabilities the runtime values given ({@code portMappings})
     * @param result       the ADD's result, or null while (or if) it did not finish
     */
    record Attachment(String sandboxId, String podNamespace, String podName, String podUid, String netns,
                      JsonNode config, JsonNode capabilities, JsonNode result) {
    }

    Optional<Attachment> get(String sandboxId) {
        Path file = file(sandboxId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Attachment.class));
        } catch (IOException e) {
            return Optional.empty(); // a torn file cannot happen (atomic moves); an unreadable one is no attachment
        }
    }

    void put(Attachment attachment) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + attachment.sandboxId() + ".tmp");
            json.writeValue(tmp.toFile(), attachment);
            try {
                Files.move(tmp, file(attachment.sandboxId()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(attachment.sandboxId()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the attachment of sandbox " + attachment.sandboxId(), e);
        }
    }

    void remove(String sandboxId) {
        try {
            Files.deleteIfExists(file(sandboxId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode emptyObject() {
        return json.createObjectNode();
    }

    private Path file(String sandboxId) {
        if (!SAFE_ID.matcher(sandboxId).matches()) {
            throw new IllegalArgumentException("not a sandbox id: " + sandboxId);
        }
        return dir.resolve(sandboxId + ".json");
    }
}
