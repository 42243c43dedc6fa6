package io.timonel.plugins.simnodes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ApiWriterTest {
    private final List<ApiWrite> sentWrites = new ArrayList<>();
    private final List<CompletableFuture<ApiWrite.Outcome>> answers = new ArrayList<>();
    private final ApiWriter writer = new ApiWriter(write -> {
        sentWrites.add(write);
        CompletableFuture<ApiWrite.Outcome> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }, 2);

    private static ApiWrite patch(String body) {
        return ApiWrite.mergePatch("/p", body, null);
    }

    @Test
    void noMoreThanTheBoundIsInFlightAndTheRestGoesAsAnswersCome() {
        writer.submit("a", patch("1"));
        writer.submit("b", patch("2"));
        writer.submit("c", patch("3"));
        assertEquals(2, sentWrites.size());
        assertEquals(1, writer.backlog());

        answers.get(0).complete(new ApiWrite.Outcome(200, ""));

        assertEquals(3, sentWrites.size());
        assertEquals("3", sentWrites.get(2).body());
        assertEquals(0, writer.backlog());
    }

    @Test
    void aNewerWriteForAKeyReplacesTheOneStillWaiting() {
        writer.submit("a", patch("1"));
        writer.submit("b", patch("2"));
        writer.submit("c", patch("old"));
        writer.submit("c", patch("new"));
        assertEquals(1, writer.backlog());

        answers.get(0).complete(new ApiWrite.Outcome(200, ""));

        assertEquals("new", sentWrites.get(2).body());
    }

    @Test
    void writesForOneKeyAreNeverInFlightTogether() {
        writer.submit("a", patch("1"));
        writer.submit("a", patch("2"));
        assertEquals(1, sentWrites.size(), "the second waits although there is room");

        answers.get(0).complete(new ApiWrite.Outcome(200, ""));

        assertEquals(2, sentWrites.size());
        assertEquals("2", sentWrites.get(1).body());
    }

    @Test
    void theOutcomeIsReportedAndAFailedConnectionIsCodeZero() {
        List<Integer> codes = new ArrayList<>();
        writer.submit("a", ApiWrite.mergePatch("/p", "{}", outcome -> codes.add(outcome.code())));
        writer.submit("b", ApiWrite.mergePatch("/p", "{}", outcome -> codes.add(outcome.code())));

        answers.get(0).complete(new ApiWrite.Outcome(404, "{}"));
        answers.get(1).completeExceptionally(new java.io.IOException("connection reset"));

        assertEquals(List.of(404, 0), codes);
        assertEquals(2, writer.sent());
        assertEquals(2, writer.failed());
    }

    @Test
    void urgentWritesOvertakeTheOthers() {
        writer.submit("a", patch("1"));
        writer.submit("b", patch("2"));
        writer.submit("lease", patch("heartbeat"));
        writer.submitUrgent("pod", patch("running"));

        answers.get(0).complete(new ApiWrite.Outcome(200, ""));

        assertEquals("running", sentWrites.get(2).body());
        assertEquals(1, writer.backlog());
    }

    @Test
    void afterCloseNothingIsSent() {
        writer.close();
        writer.submit("a", patch("1"));

        assertEquals(0, sentWrites.size());
    }
}
