package io.timonel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeJoinTokenTest {
    @TempDir
    Path dir;

    @Test
    void aNewTokenIsKeptOwnerOnlyAndAuthenticatesJoiningNodes() throws Exception {
        NodeJoinToken token = NodeJoinToken.loadOrCreate(dir.resolve("node-token"));

        String secret = Files.readString(token.file()).trim();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(token.file()));
        var user = token.authenticate(secret).orElseThrow();
        assertEquals(NodeJoinToken.USER, user.name());
        assertTrue(user.groups().contains("system:nodes"), user.groups().toString());
        assertTrue(token.authenticate(secret + "x").isEmpty());
        assertTrue(token.authenticate("").isEmpty());
    }

    @Test
    void aRestartKeepsTheSameToken() throws Exception {
        String first = Files.readString(NodeJoinToken.loadOrCreate(dir.resolve("node-token")).file()).trim();

        NodeJoinToken again = NodeJoinToken.loadOrCreate(dir.resolve("node-token"));

        assertTrue(again.authenticate(first).isPresent());
    }
}
