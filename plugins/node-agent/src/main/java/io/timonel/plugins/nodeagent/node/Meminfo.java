package io.timonel.plugins.nodeagent.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two figures of {@code /proc/meminfo} the node needs, in bytes: MemTotal and MemAvailable
 * (0 when the file cannot be read).
 */
public record Meminfo(long total, long available) {

    public static Meminfo read(Path file) {
        long total = 0;
        long available = -1;
        long free = 0;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("MemTotal:")) {
                    total = kib(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kib(line);
                } else if (line.startsWith("MemFree:")) {
                    free = kib(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Meminfo(0, 0);
        }
        return new Meminfo(total, available < 0 ? free : available);
    }

    /** "MemTotal:       16318268 kB" → bytes. */
    private static long kib(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }
}
