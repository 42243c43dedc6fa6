package io.timonel.kernel.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writing secrets to disk: atomic replacement, permissions set before the first byte. */
final class SecureFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    /** Replaces {@code file} with {@code content}, readable and writable by the owner only (0600). */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        write(file, content, OWNER_ONLY);
    }

    /** Replaces {@code file} with {@code content}, readable by everyone (0644): certificates. */
    static void writeReadable(Path file, String content) throws IOException {
        write(file, content, READABLE);
    }

    /** Creates the directory (0700) and its parents unless it exists; an existing one is left as it is. */
    static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            // made concurrently: fine
        }
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions) throws IOException {
        // a readable moment between create and chmod would leak a key: create with the mode,
        // then move over the old file so that readers see the old or the new content, never half
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(permissions));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
