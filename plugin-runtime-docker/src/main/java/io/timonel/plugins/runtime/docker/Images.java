package io.timonel.plugins.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Image;
import io.timonel.plugins.runtime.docker.engine.EngineConnection;
import io.timonel.plugins.runtime.docker.engine.EngineSocket.Body;
import io.timonel.spi.runtime.ImageInfo;
import io.timonel.spi.runtime.NotFoundException;
import io.timonel.spi.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's images: listing and inspecting through docker-java; loading a tarball
 * ({@code POST /images/load}) and pulling ({@code POST /images/create}) over our own socket,
 * because both answer with a JSON progress stream whose errors must reach the caller verbatim.
 */
final class Images {
    private static final String NONE = "<none>:<none>";
    private static final int MAX_PROGRESS = 8 * 1024 * 1024;

    private final Engine engine;

    Images(Engine engine) {
        this.engine = engine;
    }

    List<ImageInfo> list() {
        List<Image> images = engine.call("listing images", () -> engine.api().listImagesCmd().exec());
        List<ImageInfo> out = new ArrayList<>(images.size());
        for (Image image : images) {
            out.add(new ImageInfo(image.getId(), tags(image.getRepoTags() == null ? List.of() : Arrays.asList(image.getRepoTags())),
                    image.getSize() == null ? 0 : image.getSize()));
        }
        return out;
    }

    Optional<ImageInfo> get(String reference) {
        try {
            InspectImageResponse image = engine.call("inspecting image " + reference,
                    () -> engine.api().inspectImageCmd(reference).exec());
            return Optional.of(new ImageInfo(image.getId(), tags(image.getRepoTags() == null ? List.of() : image.getRepoTags()),
                    image.getSize() == null ? 0 : image.getSize()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    List<ImageInfo> importTarball(Path tarball) {
        Body body;
        try {
            body = Body.file("application/x-tar", tarball);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("cannot read image tarball " + tarball + ": " + e.getMessage(), e);
        }
        Set<String> loaded = new LinkedHashSet<>();
        for (JsonNode message : progress("POST", "/images/load?quiet=1", body, "loading " + tarball)) {
            String stream = message.path("stream").asText("").trim();
            if (stream.startsWith("Loaded image ID: ")) {
                loaded.add(stream.substring("Loaded image ID: ".length()).trim());
            } else if (stream.startsWith("Loaded image: ")) {
                loaded.add(stream.substring("Loaded image: ".length()).trim());
            }
        }
        List<ImageInfo> images = new ArrayList<>();
        for (String reference : loaded) {
            get(reference).filter(i -> images.stream().noneMatch(seen -> seen.id().equals(i.id()))).ifPresent(images::add);
        }
        return images;
    }

    ImageInfo pull(String reference) {
        String[] repoAndTag = splitReference(reference);
        String target = "/images/create?fromImage=" + encode(repoAndTag[0]) + "&tag=" + encode(repoAndTag[1]);
        progress("POST", target, null, "pulling " + reference);
        return get(reference).orElseThrow(() -> new RuntimeUnavailableException(
                "pulling " + reference + ": the engine reported success but does not hold the image"));
    }

    /**
     * Repository and tag (or digest) of a reference, {@code latest} when it names none: without a
     * tag the engine would pull every tag of the repository.
     */
    static String[] splitReference(String reference) {
        int at = reference.indexOf('@');
        if (at >= 0) {
            return new String[] {reference.substring(0, at), reference.substring(at + 1)};
        }
        int colon = reference.lastIndexOf(':');
        if (colon > reference.lastIndexOf('/')) {
            return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
        }
        return new String[] {reference, "latest"};
    }

    /** Reads a JSON progress stream to its end; an {@code error} in it becomes the exception's message. */
    private List<JsonNode> progress(String method, String target, Body body, String what) {
        byte[] answer;
        try (EngineConnection connection = engine.call(what, () -> engine.socket().request(method, target, body))) {
            answer = connection.readBody(MAX_PROGRESS);
        } catch (IOException e) {
            throw new RuntimeUnavailableException(what + ": " + e.getMessage(), e);
        }
        List<JsonNode> messages = new ArrayList<>();
        try (MappingIterator<JsonNode> it = engine.json().readerFor(JsonNode.class).readValues(answer)) {
            while (it.hasNextValue()) {
                JsonNode message = it.nextValue();
                if (message.hasNonNull("error") || message.hasNonNull("errorDetail")) {
                    String error = message.path("errorDetail").path("message").asText(message.path("error").asText());
                    throw new RuntimeUnavailableException(what + ": " + error.trim());
                }
                messages.add(message);
            }
        } catch (IOException e) {
            throw new RuntimeUnavailableException(what + ": unreadable answer: " + e.getMessage(), e);
        }
        return messages;
    }

    private static List<String> tags(List<String> tags) {
        return tags.stream().filter(t -> !NONE.equals(t)).toList();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
