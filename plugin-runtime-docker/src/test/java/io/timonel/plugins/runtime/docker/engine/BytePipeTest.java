package io.timonel.plugins.runtime.docker.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BytePipeTest {

    @Test
    void theReaderGetsWhatWasWrittenThenTheEnd() throws IOException {
        BytePipe pipe = new BytePipe(16);
        pipe.sink().write("hello".getBytes(StandardCharsets.UTF_8));
        pipe.closeWriter();
        assertEquals("hello", new String(pipe.source().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(-1, pipe.source().read());
    }

    @Test
    void aWriterLargerThanTheBufferWaitsForTheReader() throws Exception {
        BytePipe pipe = new BytePipe(4);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                pipe.sink().write("0123456789".getBytes(StandardCharsets.UTF_8));
                pipe.closeWriter();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals("0123456789", new String(pipe.source().readAllBytes(), StandardCharsets.UTF_8));
        writer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void writesAfterTheReaderLeftAreDroppedWithoutBlocking() throws Exception {
        BytePipe pipe = new BytePipe(2);
        pipe.source().close();
        CompletableFuture.runAsync(() -> {
            try {
                pipe.sink().write(new byte[1000]);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(5, TimeUnit.SECONDS);
        assertEquals(-1, pipe.source().read());
    }

    @Test
    void writingAfterTheWriterClosedFails() {
        BytePipe pipe = new BytePipe(2);
        pipe.closeWriter();
        assertThrows(IOException.class, () -> pipe.sink().write(1));
    }
}
