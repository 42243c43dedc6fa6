package io.timonel.kernel.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Subject alternative names in one canonical spelling, so that names wanted and names found in a
 * certificate compare equal: DNS names in lower case, IP addresses as the JDK prints them
 * ({@code 0:0:0:0:0:0:0:1} for {@code ::1}).
 */
final class SubjectAltNames {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private SubjectAltNames() {
    }

    /** Whether the name is an IP literal (never resolved through DNS). */
    static boolean isIpAddress(String name) {
        return IPV4.matcher(name).matches() || name.indexOf(':') >= 0;
    }

    /** The canonical spelling; IPv6 zone ids ({@code %eth0}) are dropped as certificates cannot carry them. */
    static String canonical(String name) {
        String trimmed = name.trim();
        if (!isIpAddress(trimmed)) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        String literal = trimmed.startsWith("[") && trimmed.endsWith("]")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        try {
            // an IP literal: getByName parses it without any lookup
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + name, e);
        }
    }

    static Set<String> canonical(Collection<String> names) {
        Set<String> result = new TreeSet<>();
        for (String name : names) {
            if (!name.isBlank()) {
                result.add(canonical(name));
            }
        }
        return result;
    }

    /** The DNS and IP names a certificate holds, canonical. */
    static Set<String> of(X509Certificate certificate) {
        Set<String> result = new TreeSet<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return result;
            }
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (type == SAN_DNS || type == SAN_IP) {
                    result.add(canonical((String) entry.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative names", e);
        }
        return result;
    }
}
