package io.timonel.plugins.nodeagent.volumes;

import io.timonel.plugins.nodeagent.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link Mounter} through {@code mount(8)}/{@code umount(8)}, reading the mount table from
 * {@code /proc/self/mountinfo}. Needs the agent to run as root in the host's mount namespace
 * (so that the container runtime sees the same mounts); otherwise {@link #mountTmpfs} fails and
 * the caller falls back to a directory.
 */
public final class LinuxMounter implements Mounter {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final long TIMEOUT_SECONDS = 30;

    @Override
    public Outcome<Path> mountTmpfs(Path dir, Long sizeBytes) {
        Path target = dir.toAbsolutePath().normalize();
        if (mountPoints().contains(target)) {
            return Outcome.of(dir);
        }
        List<String> command = new ArrayList<>(List.of("mount", "-t", "tmpfs"));
        if (sizeBytes != null && sizeBytes > 0) {
            command.addAll(List.of("-o", "size=" + sizeBytes));
        }
        command.addAll(List.of("tmpfs", target.toString()));
        return run(command, dir);
    }

    @Override
    public List<Path> mountsUnder(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return mountPoints().stream().filter(p -> p.startsWith(root))
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
    }

    @Override
    public Outcome<Path> unmount(Path dir) {
        return run(List.of("umount", dir.toAbsolutePath().normalize().toString()), dir);
    }

    private static Outcome<Path> run(List<String> command, Path dir) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Outcome.failed("MountFailed", String.join(" ", command) + ": timed out");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? Outcome.of(dir)
                    : Outcome.failed("MountFailed", String.join(" ", command) + ": " + output);
        } catch (IOException e) {
            return Outcome.failed("MountFailed", String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("MountFailed", String.join(" ", command) + ": interrupted");
        }
    }

    /** Mount points from mountinfo (field 5, with the kernel's octal escapes undone). */
    static List<Path> parseMountInfo(List<String> lines) {
        List<Path> out = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                out.add(Path.of(unescape(fields[4])));
            }
        }
        return out;
    }

    private static List<Path> mountPoints() {
        try {
            return parseMountInfo(Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
