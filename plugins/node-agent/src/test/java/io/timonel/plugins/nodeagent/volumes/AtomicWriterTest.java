package io.timonel.plugins.nodeagent.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    final AtomicWriter writer = new AtomicWriter(clock);

    @Test
    void filesAreSymlinksIntoTheCurrentVersionThroughData() throws Exception {
        assertTrue(writer.write(dir, Map.of("a", FileContent.text("1", 0644), "conf/b.yaml", FileContent.text("2", 0600))));

        assertTrue(Files.isSymbolicLink(dir.resolve("..data")));
        assertEquals(Path.of("..data", "a"), Files.readSymbolicLink(dir.resolve("a")));
        assertEquals(Path.of("..data", "conf"), Files.readSymbolicLink(dir.resolve("conf")));
        assertEquals("1", Files.readString(dir.resolve("a")));
        assertEquals("2", Files.readString(dir.resolve("conf/b.yaml")));
        assertTrue(Files.readSymbolicLink(dir.resolve("..data")).toString().startsWith("..2026_11_24_10_00_00."));
        assertEquals(0600, AtomicWriter.mode(Files.getPosixFilePermissions(dir.resolve("conf/b.yaml"))));
    }

    @Test
    void writingTheSameFilesChangesNothing() throws Exception {
        Map<String, FileContent> files = Map.of("a", FileContent.text("1", 0644));
        writer.write(dir, files);
        Path version = Files.readSymbolicLink(dir.resolve("..data"));

        assertFalse(writer.write(dir, files));
        assertEquals(version, Files.readSymbolicLink(dir.resolve("..data")));
    }

    @Test
    void aNewVersionReplacesTheOldOneAndDropsRemovedNames() throws Exception {
        writer.write(dir, Map.of("a", FileContent.text("1", 0644), "gone", FileContent.text("x", 0644)));
        Path first = Files.readSymbolicLink(dir.resolve("..data"));
        clock.advance(Duration.ofSeconds(1));

        assertTrue(writer.write(dir, Map.of("a", FileContent.text("2", 0644))));

        assertNotEquals(first, Files.readSymbolicLink(dir.resolve("..data")));
        assertEquals("2", Files.readString(dir.resolve("a")));
        assertFalse(Files.exists(dir.resolve("gone"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dir.resolve(first)));
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(3, names.size(), names.toString()); // ..<version>, ..data, a
        }
    }

    @Test
    void aModeChangeIsAChange() throws Exception {
        writer.write(dir, Map.of("a", FileContent.text("1", 0644)));
        assertTrue(writer.write(dir, Map.of("a", FileContent.text("1", 0400))));
        assertEquals(0400, AtomicWriter.mode(Files.getPosixFilePermissions(dir.resolve("a"))));
    }

    @Test
    void pathsLeavingTheDirectoryAreRefused() {
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "..data", "")) {
            assertThrows(IllegalArgumentException.class,
                    () -> writer.write(dir, Map.of(bad, FileContent.text("x", 0644))), bad);
        }
    }
}
