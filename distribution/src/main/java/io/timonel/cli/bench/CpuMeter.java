package io.timonel.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time used by a process tree, from /proc/PID/stat, so the report can say whether the
 * benchmark client or the server was the busy one during a phase (both share this machine).
 */
final class CpuMeter {

    /** Linux reports utime and stime in USER_HZ ticks, 100 per second on every architecture Java runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final ProcessHandle root;
    private final boolean withDescendants;

    /** Meters a process and its live descendants (a launcher script and the JVM it starts, say). */
    static CpuMeter tree(ProcessHandle root) {
        return new CpuMeter(root, true);
    }

    /** Meters one process alone (this JVM, without the servers it spawned). */
    static CpuMeter process(ProcessHandle process) {
        return new CpuMeter(process, false);
    }

    private CpuMeter(ProcessHandle root, boolean withDescendants) {
        this.root = root;
        this.withDescendants = withDescendants;
    }

    /** User plus system CPU seconds used so far; NaN when unreadable. */
    double seconds() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        if (withDescendants) {
            root.descendants().forEach(all::add);
        }
        double total = 0;
        boolean any = false;
        for (ProcessHandle p : all) {
            try {
                double s = cpuSeconds(Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat")));
                if (!Double.isNaN(s)) {
                    total += s;
                    any = true;
                }
            } catch (IOException e) {
                // ended meanwhile
            }
        }
        return any ? total : Double.NaN;
    }

    /**
     * utime + stime of a /proc/PID/stat line, in seconds. The command name (field 2) is in
     * parentheses and may hold spaces, so fields are counted after its closing parenthesis.
     */
    static double cpuSeconds(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Double.NaN;
        }
        String[] fields = stat.substring(close + 1).trim().split("\\s+");
        // after the name: state(3) ppid(4) ... utime is field 14, stime field 15 → indexes 11 and 12 here
        if (fields.length < 13) {
            return Double.NaN;
        }
        try {
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
