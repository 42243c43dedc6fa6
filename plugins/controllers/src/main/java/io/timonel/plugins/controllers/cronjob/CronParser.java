package io.timonel.plugins.controllers.cronjob;

import io.timonel.plugins.controllers.kit.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/** Reads cron expressions into {@link CronSchedule}s with robfig/cron's standard rules. */
final class CronParser {
    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

    /** One field's bounds and its names (offset so that names[i] is value i + nameBase). */
    private record Field(String what, int min, int max, String[] names, int nameBase) {
    }

    static final Field MINUTE = new Field("minute", 0, 59, null, 0);
    static final Field HOUR = new Field("hour", 0, 23, null, 0);
    static final Field DAY_OF_MONTH = new Field("day of month", 1, 31, null, 0);
    static final Field MONTH = new Field("month", 1, 12, MONTHS, 1);
    static final Field DAY_OF_WEEK = new Field("day of week", 0, 6, DAYS, 0);

    private CronParser() {
    }

    static CronSchedule.Parsed parse(String expression) {
        if (expression == null || expression.isBlank()) {
            return CronSchedule.Parsed.invalid("empty spec string");
        }
        String spec = expression.trim();
        ZoneId zone = null;
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            String name = spec.substring(spec.indexOf('=') + 1, space < 0 ? spec.length() : space);
            try {
                zone = ZoneId.of(name);
            } catch (DateTimeException e) {
                return CronSchedule.Parsed.invalid("provided bad location " + name + ": unknown time zone " + name);
            }
            spec = space < 0 ? "" : spec.substring(space).trim();
        }
        if (spec.startsWith("@every ")) {
            Duration every = Durations.parse(spec.substring("@every ".length()).trim()).orElse(null);
            if (every == null) {
                return CronSchedule.Parsed.invalid("failed to parse duration " + spec);
            }
            return CronSchedule.Parsed.ok(new EverySchedule(every, zone));
        }
        if (spec.startsWith("@")) {
            String fields = DESCRIPTORS.get(spec.toLowerCase(Locale.ROOT));
            if (fields == null) {
                return CronSchedule.Parsed.invalid("unrecognized descriptor: " + spec);
            }
            spec = fields;
        }
        String[] parts = spec.split("\\s+");
        if (parts.length != 5) {
            return CronSchedule.Parsed.invalid("expected exactly 5 fields, found " + parts.length + ": " + expression);
        }
        Field[] order = {MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK};
        BitSet[] sets = new BitSet[5];
        boolean[] star = new boolean[5];
        for (int i = 0; i < 5; i++) {
            sets[i] = new BitSet();
            String error = parseField(parts[i], order[i], sets[i], star, i);
            if (error != null) {
                return CronSchedule.Parsed.invalid(error);
            }
        }
        return CronSchedule.Parsed.ok(new FieldSchedule(sets[0], sets[1], sets[2], sets[3], sets[4],
                star[2] || star[4], zone));
    }

    /** Fills {@code into} from a comma list; sets {@code star[index]} when the field is an unstepped '*' or '?'. */
    private static String parseField(String text, Field field, BitSet into, boolean[] star, int index) {
        for (String range : text.split(",", -1)) {
            String[] rangeAndStep = range.split("/", -1);
            if (rangeAndStep.length > 2) {
                return "too many slashes: " + range;
            }
            String[] lowAndHigh = rangeAndStep[0].split("-", -1);
            if (lowAndHigh.length > 2) {
                return "too many hyphens: " + range;
            }
            int start;
            int end;
            boolean isStar = false;
            if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
                if (lowAndHigh.length > 1) {
                    return "too many hyphens: " + range;
                }
                start = field.min();
                end = field.max();
                isStar = true;
            } else {
                Integer low = value(lowAndHigh[0], field);
                if (low == null) {
                    return "failed to parse int from " + lowAndHigh[0] + ": invalid syntax";
                }
                start = low;
                end = low;
                if (lowAndHigh.length == 2) {
                    Integer high = value(lowAndHigh[1], field);
                    if (high == null) {
                        return "failed to parse int from " + lowAndHigh[1] + ": invalid syntax";
                    }
                    end = high;
                }
            }
            int step = 1;
            if (rangeAndStep.length == 2) {
                try {
                    step = Integer.parseInt(rangeAndStep[1]);
                } catch (NumberFormatException e) {
                    return "failed to parse int from " + rangeAndStep[1] + ": invalid syntax";
                }
                if (step <= 0) {
                    return "step of range should be a positive number: " + range;
                }
                if (lowAndHigh.length == 1 && !isStar) {
                    end = field.max(); // "N/step" means N through the maximum
                }
                if (step > 1) {
                    isStar = false;
                }
            }
            if (start < field.min()) {
                return "beginning of range (" + start + ") below minimum (" + field.min() + "): " + range;
            }
            if (end > field.max()) {
                return "end of range (" + end + ") above maximum (" + field.max() + "): " + range;
            }
            if (start > end) {
                return "beginning of range (" + start + ") beyond end of range (" + end + "): " + range;
            }
            for (int v = start; v <= end; v += step) {
                into.set(v);
            }
            star[index] |= isStar;
        }
        return null;
    }

    private static Integer value(String text, Field field) {
        if (field.names() != null) {
            String lower = text.toLowerCase(Locale.ROOT);
            for (int i = 0; i < field.names().length; i++) {
                if (field.names()[i].equals(lower)) {
                    return i + field.nameBase();
                }
            }
        }
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
