package io.timonel.plugins.nodeagent.images;

import io.fabric8.kubernetes.api.model.Container;

/** imagePullPolicy, with Kubernetes' default: Always for {@code :latest} or no tag, else IfNotPresent. */
public enum PullPolicy {
    ALWAYS, IF_NOT_PRESENT, NEVER;

    public static PullPolicy of(Container container) {
        String p = container.getImagePullPolicy();
        if ("Never".equals(p)) {
            return NEVER;
        }
        if ("IfNotPresent".equals(p)) {
            return IF_NOT_PRESENT;
        }
        if ("Always".equals(p)) {
            return ALWAYS;
        }
        return latest(container.getImage()) ? ALWAYS : IF_NOT_PRESENT;
    }

    /** Whether a reference names the latest tag (explicitly or by having no tag and no digest). */
    static boolean latest(String image) {
        if (image == null || image.contains("@")) {
            return false;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon <= slash) {
            return true;
        }
        return image.substring(colon + 1).equals("latest");
    }

    /** The policy as Kubernetes spells it. */
    public String text() {
        return switch (this) {
            case ALWAYS -> "Always";
            case IF_NOT_PRESENT -> "IfNotPresent";
            case NEVER -> "Never";
        };
    }
}
