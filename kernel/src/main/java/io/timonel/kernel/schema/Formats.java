package io.timonel.kernel.schema;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The string formats Kubernetes checks in CustomResourceDefinition schemas. Unknown formats
 * pass: a format is a promise of the schema's author, not a reason to reject everything.
 */
final class Formats {
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$");
    private static final Pattern HOSTNAME = Pattern.compile(
            "^(?=.{1,253}$)[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$");
    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/\\r\\n]*={0,2}$");

    private Formats() {
    }

    /** Whether a string satisfies the format; true for formats not checked here. */
    static boolean valid(String format, String value) {
        return switch (format) {
            case "date-time", "datetime" -> dateTime(value);
            case "date" -> date(value);
            case "byte" -> base64(value);
            case "uuid", "uuid3", "uuid4", "uuid5" -> UUID.matcher(value).matches();
            case "ipv4" -> IPV4.matcher(value).matches();
            case "ipv6" -> IPV6.matcher(value).matches() && value.chars().filter(c -> c == ':').count() >= 2;
            case "hostname" -> HOSTNAME.matcher(value).matches();
            default -> true;
        };
    }

    /**
     * Date-times recently found valid, by hash: every write carries a few timestamps (creation,
     * managed fields, conditions), mostly of the current second, and parsing them was a hot spot.
     * Racy on purpose: a slot holds an immutable string or null, and a miss only parses again.
     */
    private static final String[] VALID_DATE_TIMES = new String[256];

    private static boolean dateTime(String value) {
        int slot = value.hashCode() & (VALID_DATE_TIMES.length - 1);
        if (value.equals(VALID_DATE_TIMES[slot])) {
            return true;
        }
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return false;
        }
        VALID_DATE_TIMES[slot] = value;
        return true;
    }

    private static boolean date(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean base64(String value) {
        if (!BASE64.matcher(value).matches()) {
            return false;
        }
        try {
            Base64.getMimeDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
