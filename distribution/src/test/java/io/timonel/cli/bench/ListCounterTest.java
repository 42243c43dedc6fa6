package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListCounterTest {

    @Test
    void countsTopLevelItemsAndReadsTheListResourceVersion() throws IOException {
        String list = "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"77\"},"
                + "\"items\":[" + ConfigMaps.json("ns", "a", "5", 0) + "," + ConfigMaps.json("ns", "b", "6", 0)
                + ",{\"metadata\":{\"name\":\"c\"},\"data\":{\"items\":[1,2,3]}}]}";
        byte[] bytes = list.getBytes(StandardCharsets.UTF_8);

        ListCounter.Count count = ListCounter.count(new ByteArrayInputStream(bytes));

        assertEquals(3, count.items());
        assertEquals("77", count.resourceVersion());
        assertEquals(bytes.length, count.bytes());
    }

    @Test
    void anEmptyListHasNoItems() throws IOException {
        ListCounter.Count count = ListCounter.count(new ByteArrayInputStream(
                "{\"metadata\":{},\"items\":[]}".getBytes(StandardCharsets.UTF_8)));

        assertEquals(0, count.items());
    }

    @Test
    void aBodyThatIsNotAnObjectIsAnError() {
        assertThrows(IOException.class, () -> ListCounter.count(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8))));
    }
}
