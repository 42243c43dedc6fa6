package io.timonel.plugins.runtime.containerd.images;

import io.timonel.spi.runtime.ImageInfo;
import java.util.Locale;

/**
 * Docker-style image references as containerd's CRI stores them: a name without a registry is on
 * {@code docker.io}, a single-component name there is under {@code library/}, and a name without a tag
 * or digest means {@code :latest}. So {@code busybox:local} is stored as
 * {@code docker.io/library/busybox:local}, while {@code timonel.io/pause:1.0} stays as it is.
 */
public final class ImageReferences {

    private static final String DEFAULT_DOMAIN = "docker.io";

    private ImageReferences() {
    }

    /** The fully qualified form of {@code reference}; image ids ({@code sha256:…}) are returned unchanged. */
    public static String normalize(String reference) {
        String ref = reference.trim();
        if (isId(ref)) {
            return ref.toLowerCase(Locale.ROOT);
        }
        String digest = "";
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at);
            ref = ref.substring(0, at);
        }
        String domain;
        String remainder;
        int slash = ref.indexOf('/');
        String first = slash < 0 ? "" : ref.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            domain = first;
            remainder = ref.substring(slash + 1);
        } else {
            domain = DEFAULT_DOMAIN;
            remainder = ref;
        }
        if (domain.equals("index.docker.io")) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && !remainder.contains("/")) {
            remainder = "library/" + remainder;
        }
        int lastSlash = remainder.lastIndexOf('/');
        boolean tagged = remainder.indexOf(':', lastSlash + 1) >= 0;
        if (!tagged && digest.isEmpty()) {
            remainder = remainder + ":latest";
        }
        return domain + "/" + remainder + digest;
    }

    /**
     * True if {@code image} is what {@code reference} names: one of its tags after normalisation, its
     * id, or a prefix of its id of at least 12 hex digits (with or without {@code sha256:}).
     */
    public static boolean matches(ImageInfo image, String reference) {
        String ref = reference.trim();
        String id = image.id();
        String idHex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        String refHex = ref.startsWith("sha256:") ? ref.substring("sha256:".length()) : ref;
        if (ref.equals(id) || (refHex.length() >= 12 && refHex.matches("[0-9a-f]+") && idHex.startsWith(refHex))) {
            return true;
        }
        if (isId(ref)) {
            return false;
        }
        String wanted = normalize(ref);
        for (String tag : image.repoTags()) {
            if (normalize(tag).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isId(String ref) {
        return ref.startsWith("sha256:") && !ref.contains("/");
    }
}
