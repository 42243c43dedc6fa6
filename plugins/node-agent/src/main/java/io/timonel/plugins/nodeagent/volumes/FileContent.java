package io.timonel.plugins.nodeagent.volumes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One file of a ConfigMap, Secret, downward API or projected volume.
 *
 * @param bytes the content
 * @param mode  the permission bits (0 to 0777), e.g. 0644
 */
public record FileContent(byte[] bytes, int mode) {

    public FileContent {
        bytes = bytes.clone();
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("file mode " + Integer.toOctalString(mode) + " is not within 0-0777");
        }
    }

    public static FileContent text(String text, int mode) {
        return new FileContent(text.getBytes(StandardCharsets.UTF_8), mode);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileContent f && f.mode == mode && Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + mode;
    }

    @Override
    public String toString() {
        return "FileContent[" + bytes.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
    }
}
