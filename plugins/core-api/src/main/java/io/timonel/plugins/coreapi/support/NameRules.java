package io.timonel.plugins.coreapi.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' name and key formats (k8s.io/apimachinery/pkg/util/validation). Each check returns
 * the problems found as sentences, empty when the value is valid, worded as Kubernetes words them.
 */
public final class NameRules {

    private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
    private static final String DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String CONFIG_KEY = "[-._a-zA-Z0-9]+";
    private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE = "(" + QUALIFIED_NAME + ")?";

    private static final Pattern DNS1123_LABEL_RE = Pattern.compile(DNS1123_LABEL);
    private static final Pattern DNS1123_SUBDOMAIN_RE = Pattern.compile(DNS1123_SUBDOMAIN);
    private static final Pattern DNS1035_LABEL_RE = Pattern.compile(DNS1035_LABEL);
    private static final Pattern CONFIG_KEY_RE = Pattern.compile(CONFIG_KEY);
    private static final Pattern QUALIFIED_NAME_RE = Pattern.compile(QUALIFIED_NAME);
    private static final Pattern LABEL_VALUE_RE = Pattern.compile(LABEL_VALUE);
    private static final Pattern IANA_SVC_NAME_RE = Pattern.compile("[-a-z0-9]+");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    private NameRules() {
    }

    public static List<String> dns1123Label(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 63) {
            errors.add("must be no more than 63 characters");
        }
        if (!DNS1123_LABEL_RE.matcher(value).matches()) {
            errors.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
                    + "regex used for validation is '" + DNS1123_LABEL + "')");
        }
        return errors;
    }

    public static List<String> dns1123Subdomain(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 253) {
            errors.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN_RE.matcher(value).matches()) {
            errors.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
                    + "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
                    + "used for validation is '" + DNS1123_SUBDOMAIN + "')");
        }
        return errors;
    }

    public static List<String> dns1035Label(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 63) {
            errors.add("must be no more than 63 characters");
        }
        if (!DNS1035_LABEL_RE.matcher(value).matches()) {
            errors.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                    + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
                    + "'abc-123', regex used for validation is '" + DNS1035_LABEL + "')");
        }
        return errors;
    }

    /** Names that become one path segment (RBAC roles and bindings): anything but '.', '..', '/', '%'. */
    public static List<String> pathSegment(String value) {
        List<String> errors = new ArrayList<>();
        if (value.equals(".") || value.equals("..")) {
            errors.add("may not be '" + value + "'");
        }
        for (String illegal : new String[] {"/", "%"}) {
            if (value.contains(illegal)) {
                errors.add("may not contain '" + illegal + "'");
            }
        }
        return errors;
    }

    /** Keys of ConfigMap and Secret data. */
    public static List<String> configMapKey(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 253) {
            errors.add("must be no more than 253 characters");
        }
        if (!CONFIG_KEY_RE.matcher(value).matches()) {
            errors.add("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
                    + "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '" + CONFIG_KEY + "')");
        }
        if (value.equals(".")) {
            errors.add("must not be '.'");
        } else if (value.equals("..")) {
            errors.add("must not be '..'");
        } else if (value.startsWith("..")) {
            errors.add("must not start with '..'");
        }
        return errors;
    }

    /** Label and annotation keys: an optional DNS subdomain prefix and a name of 63 characters at most. */
    public static List<String> qualifiedName(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            name = parts[1];
            if (parts[0].isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                dns1123Subdomain(parts[0]).forEach(e -> errors.add("prefix part " + e));
            }
        } else {
            errors.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
                    + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
                    + "used for validation is '" + QUALIFIED_NAME + "') with an optional DNS subdomain prefix and '/' "
                    + "(e.g. 'example.com/MyName')");
            return errors;
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errors.add("name part must be no more than 63 characters");
        }
        if (!name.isEmpty() && !QUALIFIED_NAME_RE.matcher(name).matches()) {
            errors.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
                    + "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
                    + "validation is '" + QUALIFIED_NAME + "')");
        }
        return errors;
    }

    public static List<String> labelValue(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 63) {
            errors.add("must be no more than 63 characters");
        }
        if (!LABEL_VALUE_RE.matcher(value).matches()) {
            errors.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
                    + "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                    + "'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE + "')");
        }
        return errors;
    }

    /** Named ports: an IANA service name (at most 15 characters, at least one letter). */
    public static List<String> ianaServiceName(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > 15) {
            errors.add("must be no more than 15 characters");
        }
        if (!IANA_SVC_NAME_RE.matcher(value).matches()) {
            errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (value.contains("--")) {
            errors.add("must not contain consecutive hyphens");
        }
        if (!HAS_LETTER.matcher(value).matches()) {
            errors.add("must contain at least one letter (a-z)");
        }
        if (value.startsWith("-") || value.endsWith("-")) {
            errors.add("must not begin or end with a hyphen");
        }
        return errors;
    }
}
