package io.timonel.plugins.nodeagent.pods;

import java.time.Duration;

/** Durations written as Go prints them ({@code 10s}, {@code 1m20s}, {@code 5m0s}), as kubelet messages show them. */
final class GoDuration {
    private GoDuration() {
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }
}
