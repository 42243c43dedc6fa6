package io.timonel.plugins.nodeagent.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineFactsTest {
    @TempDir
    Path root;

    private void file(String path, String content) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void factsComeFromTheUsualFiles() throws Exception {
        file("proc/meminfo", "MemTotal:       16318268 kB\nMemFree:  100 kB\nMemAvailable:   8000000 kB\n");
        file("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        file("etc/machine-id", "0123456789abcdef\n");
        file("proc/sys/kernel/osrelease", "6.1.0-28-amd64\n");
        file("proc/sys/kernel/random/boot_id", "b00t\n");
        MachineFacts m = MachineFacts.read(root);
        assertEquals(16318268L * 1024, m.memoryBytes());
        assertEquals("Debian GNU/Linux 12 (bookworm)", m.osImage());
        assertEquals("0123456789abcdef", m.machineId());
        assertEquals("6.1.0-28-amd64", m.kernelVersion());
        assertEquals("b00t", m.bootId());
        assertEquals(36, m.systemUuid().length(), "derived from the machine id when DMI is unreadable");
        assertEquals(new Meminfo(16318268L * 1024, 8000000L * 1024), Meminfo.read(root.resolve("proc/meminfo")));
    }

    @Test
    void javaArchitecturesMapToGoNames() {
        assertEquals("amd64", MachineFacts.goArch("amd64"));
        assertEquals("arm64", MachineFacts.goArch("aarch64"));
    }
}
