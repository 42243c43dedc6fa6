package io.timonel.spi.auth;

import java.util.List;
import java.util.Set;

/**
 * The authenticated caller of a request.
 *
 * @param name   user name, e.g. {@code admin} or {@code system:serviceaccount:ns:sa}
 * @param uid    stable id, may be empty
 * @param groups groups, e.g. {@code system:masters}, {@code system:authenticated}
 */
public record UserInfo(String name, String uid, Set<String> groups) {

    public static final String AUTHENTICATED_GROUP = "system:authenticated";
    public static final String MASTERS_GROUP = "system:masters";

    public List<String> groupList() {
        return List.copyOf(groups);
    }
}
