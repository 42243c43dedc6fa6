package io.timonel.plugins.nodeagent.volumes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a set of files into a directory so that readers see either the old set or the new one,
 * never a mix, the way the kubelet does for ConfigMap and Secret volumes:
 * <pre>
 *   dir/..2026_11_24_10_00_00.123456789/   the files of one version (a timestamped directory)
 *   dir/..data -&gt; ..2026_11_24_10_00_00.123456789    swapped by rename(2), which is atomic
 *   dir/key -&gt; ..data/key                 what users open: one symlink per top-level name
 * </pre>
 * Writing the same files again changes nothing. Names starting with {@code ..} are the writer's
 * own and may not be used by the payload. Not thread-safe for one directory: callers serialise
 * writes to a directory.
 */
final class AtomicWriter {
    static final String DATA = "..data";
    private static final String DATA_TMP = "..data_tmp";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.")
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    AtomicWriter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Makes {@code dir} hold exactly {@code payload} (relative path → content).
     *
     * @return whether anything changed
     * @throws IllegalArgumentException when a path is absolute, empty, contains {@code ..} or starts with {@code ..}
     * @throws IOException              when the files cannot be written; the previous version stays in place
     */
    boolean write(Path dir, Map<String, FileContent> payload) throws IOException {
        payload.keySet().forEach(AtomicWriter::checkPath);
        Files.createDirectories(dir);
        Path dataLink = dir.resolve(DATA);
        Path current = currentVersion(dir);
        Set<String> visible = topLevelNames(payload);
        if (current != null && payload.equals(read(current))) {
            linkVisible(dir, visible);
            return false;
        }
        Path version = Files.createTempDirectory(dir, STAMP.format(clock.instant()));
        try {
            Files.setPosixFilePermissions(version, permissions(0755));
            for (Map.Entry<String, FileContent> file : payload.entrySet()) {
                Path target = version.resolve(file.getKey());
                createDirectories(version, target.getParent());
                Files.write(target, file.getValue().bytes());
                Files.setPosixFilePermissions(target, permissions(file.getValue().mode()));
            }
            Path tmp = dir.resolve(DATA_TMP);
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, version.getFileName());
            Files.move(tmp, dataLink, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(version);
            throw e;
        }
        linkVisible(dir, visible);
        removeStale(dir, visible);
        if (current != null) {
            deleteTree(current);
        }
        return true;
    }

    /** The files {@code dir} holds now, or an empty map when nothing was written yet. */
    static Map<String, FileContent> readCurrent(Path dir) throws IOException {
        Path version = currentVersion(dir);
        return version == null ? Map.of() : read(version);
    }

    private static Map<String, FileContent> read(Path version) throws IOException {
        Map<String, FileContent> files = new HashMap<>();
        Files.walkFileTree(version, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    files.put(version.relativize(file).toString(),
                            new FileContent(Files.readAllBytes(file), mode(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    private static Path currentVersion(Path dir) throws IOException {
        Path link = dir.resolve(DATA);
        if (!Files.isSymbolicLink(link)) {
            return null;
        }
        Path target = dir.resolve(Files.readSymbolicLink(link));
        return Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? target : null;
    }

    private static void linkVisible(Path dir, Set<String> names) throws IOException {
        for (String name : names) {
            Path link = dir.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(link); // something not ours in the way
                }
                try {
                    Files.createSymbolicLink(link, Path.of(DATA, name));
                } catch (FileAlreadyExistsException raced) {
                    // written meanwhile by the same writer's previous run: fine
                }
            }
        }
    }

    private static void removeStale(Path dir, Set<String> visible) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith("..") && !visible.contains(name)) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static Set<String> topLevelNames(Map<String, FileContent> payload) {
        Set<String> names = new LinkedHashSet<>();
        for (String path : payload.keySet()) {
            names.add(Path.of(path).getName(0).toString());
        }
        return names;
    }

    static void checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("invalid path: must not be empty");
        }
        Path p = Path.of(path);
        if (p.isAbsolute()) {
            throw new IllegalArgumentException("invalid path: " + path + " must be relative");
        }
        if (path.startsWith("..")) {
            throw new IllegalArgumentException("invalid path: " + path + " must not start with '..'");
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                throw new IllegalArgumentException("invalid path: " + path + " must not contain '..'");
            }
        }
    }

    private static void createDirectories(Path root, Path dir) throws IOException {
        if (dir == null || dir.equals(root) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        createDirectories(root, dir.getParent());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, permissions(0755));
    }

    /** Deletes a tree without following symbolic links (a link is removed, not what it points at). */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : (Iterable<Path>) children::iterator) {
                    deleteTree(child);
                }
            }
        }
        try {
            Files.delete(path);
        } catch (NoSuchFileException gone) {
            // removed meanwhile
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
