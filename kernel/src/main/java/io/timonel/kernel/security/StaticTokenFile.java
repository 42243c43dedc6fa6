package io.timonel.kernel.security;

import io.timonel.spi.auth.TokenAuthenticator;
import io.timonel.spi.auth.UserInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens from a file in the format of Kubernetes' {@code --token-auth-file}: one CSV record
 * per line, {@code token,user,uid,"group1,group2"}; the groups column is optional, fields may be
 * quoted (a doubled quote inside quotes is a quote), blank lines and lines starting with
 * {@code #} are ignored. Every user also gets {@code system:authenticated}.
 *
 * <p>The file is read once; a line that cannot be used (fewer than three columns, an empty token
 * or user, an unclosed quote) is skipped and reported in {@link Parsed#problems()}, as is a token
 * repeated on a later line (the later line wins, as in Kubernetes). The records are
 * four fields at most, so a small splitter here avoids a CSV library on the kernel's classpath.
 *
 * <p>Thread-safe: lookups read an immutable map.
 */
public final class StaticTokenFile implements TokenAuthenticator {

    private final Map<String, UserInfo> users;

    private StaticTokenFile(Map<String, UserInfo> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * The outcome of reading a token file.
     *
     * @param authenticator the usable tokens
     * @param problems      one line per skipped or overridden record, naming its line number
     */
    public record Parsed(StaticTokenFile authenticator, List<String> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    /** Reads and parses the file; problems in its lines do not fail, see {@link Parsed#problems()}. */
    public static Parsed load(Path file) throws IOException {
        Parsed parsed = parse(Files.readString(file, StandardCharsets.UTF_8));
        List<String> problems = parsed.problems().stream().map(problem -> file + ": " + problem).toList();
        return new Parsed(parsed.authenticator(), problems);
    }

    /** Parses the content of a token file. */
    public static Parsed parse(String content) {
        Map<String, UserInfo> users = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNumber = i + 1;
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            Optional<List<String>> fields = fields(line);
            if (fields.isEmpty()) {
                problems.add("line " + lineNumber + ": unclosed quote");
                continue;
            }
            List<String> record = fields.get();
            if (record.size() < 3) {
                problems.add("line " + lineNumber + ": needs at least 3 columns (token, user name, uid), found "
                        + record.size());
                continue;
            }
            String token = record.get(0).trim();
            String user = record.get(1).trim();
            if (token.isEmpty() || user.isEmpty()) {
                problems.add("line " + lineNumber + ": empty " + (token.isEmpty() ? "token" : "user name"));
                continue;
            }
            Set<String> groups = new LinkedHashSet<>();
            if (record.size() > 3) {
                for (String group : record.get(3).split(",")) {
                    if (!group.isBlank()) {
                        groups.add(group.trim());
                    }
                }
            }
            groups.add(UserInfo.AUTHENTICATED_GROUP);
            if (users.containsKey(token)) {
                problems.add("line " + lineNumber + ": repeats a token of an earlier line; this line wins");
            }
            users.put(token, new UserInfo(user, record.get(2).trim(), Collections.unmodifiableSet(groups)));
        }
        return new Parsed(new StaticTokenFile(users), problems);
    }

    @Override
    public Optional<UserInfo> authenticate(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(users.get(token));
    }

    /** How many tokens are known. */
    public int size() {
        return users.size();
    }

    /** Splits one CSV record; empty when a quote is not closed. */
    private static Optional<List<String>> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return Optional.empty();
        }
        fields.add(field.toString());
        return Optional.of(fields);
    }
}
