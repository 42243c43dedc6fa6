package io.timonel.spi.runtime;

import java.util.List;

/**
 * An image the runtime holds.
 *
 * @param id        the runtime's id (usually {@code sha256:…} of the config)
 * @param repoTags  the names it answers to, e.g. {@code busybox:local}
 * @param sizeBytes its size on disk
 */
public record ImageInfo(String id, List<String> repoTags, long sizeBytes) {
    public ImageInfo {
        repoTags = List.copyOf(repoTags);
    }
}
