package io.timonel.plugins.nodeagent.volumes;

import io.timonel.plugins.nodeagent.Outcome;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks of a {@code hostPath} volume's {@code type}, with the kubelet's messages:
 * {@code ""} checks nothing; {@code DirectoryOrCreate} creates the directory (0755, with its
 * parents); {@code FileOrCreate} creates an empty file (0644) but not its parent;
 * {@code Directory}, {@code File}, {@code Socket}, {@code CharDevice}, {@code BlockDevice} require
 * an existing path of that kind.
 */
final class HostPaths {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostPaths() {
    }

    /** {@code path} once it satisfies {@code type}, or {@code FailedMount} with the reason. */
    static Outcome<Path> check(String path, String type) {
        Path p = Path.of(path);
        String t = type == null ? "" : type;
        try {
            switch (t) {
                case "" -> {
                    return Outcome.of(p);
                }
                case "DirectoryOrCreate" -> {
                    if (!Files.exists(p)) {
                        Files.createDirectories(p);
                        Files.setPosixFilePermissions(p, AtomicWriter.permissions(0755));
                    }
                    return Files.isDirectory(p) ? Outcome.of(p) : failed(path + " is not a directory");
                }
                case "Directory" -> {
                    if (!Files.exists(p)) {
                        return failed("hostPath type check failed: " + path + " is not a directory");
                    }
                    return Files.isDirectory(p) ? Outcome.of(p) : failed("hostPath type check failed: " + path + " is not a directory");
                }
                case "FileOrCreate" -> {
                    if (!Files.exists(p)) {
                        try {
                            Files.createFile(p);
                            Files.setPosixFilePermissions(p, AtomicWriter.permissions(0644));
                        } catch (FileAlreadyExistsException raced) {
                            // created meanwhile
                        }
                    }
                    return Files.isRegularFile(p) ? Outcome.of(p) : failed(path + " is not a file");
                }
                case "File" -> {
                    return Files.isRegularFile(p) ? Outcome.of(p) : failed("hostPath type check failed: " + path + " is not a file");
                }
                case "Socket" -> {
                    return kind(p) == S_IFSOCK ? Outcome.of(p) : failed("hostPath type check failed: " + path + " is not a socket file");
                }
                case "CharDevice" -> {
                    return kind(p) == S_IFCHR ? Outcome.of(p) : failed("hostPath type check failed: " + path + " is not a character device");
                }
                case "BlockDevice" -> {
                    return kind(p) == S_IFBLK ? Outcome.of(p) : failed("hostPath type check failed: " + path + " is not a block device");
                }
                default -> {
                    return failed("hostPath type check failed: unknown type " + t);
                }
            }
        } catch (IOException e) {
            return failed(path + ": " + e.getMessage());
        }
    }

    private static int kind(Path p) throws IOException {
        if (!Files.exists(p)) {
            return -1;
        }
        return ((Integer) Files.getAttribute(p, "unix:mode")) & S_IFMT;
    }

    private static Outcome<Path> failed(String message) {
        return Outcome.failed(DefaultPodVolumes.FAILED_MOUNT, message);
    }
}
