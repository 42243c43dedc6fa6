package io.timonel.kernel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.auth.UserInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticTokenFileTest {

    @Test
    void recordWithQuotedGroupsGivesUserUidAndGroups() {
        StaticTokenFile.Parsed parsed = StaticTokenFile.parse("s3cr3t,alice,1001,\"dev,ops\"\n");

        assertEquals(List.of(), parsed.problems());
        assertEquals(Optional.of(new UserInfo("alice", "1001", Set.of("dev", "ops", "system:authenticated"))),
                parsed.authenticator().authenticate("s3cr3t"));
    }

    @Test
    void groupsColumnIsOptionalAndUnknownTokensAreNotUsers() {
        StaticTokenFile file = StaticTokenFile.parse("t1,bob,u-2").authenticator();

        assertEquals(Optional.of(new UserInfo("bob", "u-2", Set.of("system:authenticated"))), file.authenticate("t1"));
        assertEquals(Optional.empty(), file.authenticate("t2"));
        assertEquals(Optional.empty(), file.authenticate(""));
        assertEquals(Optional.empty(), file.authenticate(null));
    }

    @Test
    void quotedFieldsMayHoldCommasAndDoubledQuotes() {
        StaticTokenFile file = StaticTokenFile.parse("\"a,b\",\"say \"\"hi\"\"\",7,single\r\n").authenticator();

        UserInfo user = file.authenticate("a,b").orElseThrow();
        assertEquals("say \"hi\"", user.name());
        assertEquals(Set.of("single", "system:authenticated"), user.groups());
    }

    @Test
    void badLinesAreSkippedAndReportedWithTheirNumbers() {
        String content = String.join("\n",
                "# comment",
                "",
                "good,carol,3",
                "short,dave",
                ",nobody,4",
                "open,\"quote,5",
                "empty-user,,6",
                "good,carol-again,7");

        StaticTokenFile.Parsed parsed = StaticTokenFile.parse(content);

        assertEquals(1, parsed.authenticator().size());
        assertEquals("carol-again", parsed.authenticator().authenticate("good").orElseThrow().name());
        List<String> problems = parsed.problems();
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("line 4: needs at least 3 columns"), problems.get(0));
        assertTrue(problems.get(1).startsWith("line 5: empty token"), problems.get(1));
        assertTrue(problems.get(2).startsWith("line 6: unclosed quote"), problems.get(2));
        assertTrue(problems.get(3).startsWith("line 7: empty user name"), problems.get(3));
        assertTrue(problems.get(4).startsWith("line 8: repeats a token"), problems.get(4));
    }

    @Test
    void loadNamesTheFileInProblems(@TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "abc,erin,9,\"\"\nx\n");

        StaticTokenFile.Parsed parsed = StaticTokenFile.load(tokens);

        assertEquals(Set.of("system:authenticated"), parsed.authenticator().authenticate("abc").orElseThrow().groups());
        assertEquals(1, parsed.problems().size());
        assertTrue(parsed.problems().get(0).startsWith(tokens + ": line 2"), parsed.problems().get(0));
    }
}
