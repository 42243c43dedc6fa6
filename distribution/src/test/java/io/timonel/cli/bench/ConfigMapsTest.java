package io.timonel.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConfigMapsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aConfigMapCarriesAOneKibValueAndIsValidJson() throws Exception {
        JsonNode map = JSON.readTree(ConfigMaps.json("ns-1", "c-7", null, 3));

        assertEquals("ConfigMap", map.path("kind").asText());
        assertEquals("c-7", map.path("metadata").path("name").asText());
        assertEquals("ns-1", map.path("metadata").path("namespace").asText());
        assertEquals(1024, map.path("data").path("value").asText().length());
        assertEquals("3", map.path("data").path("generation").asText());
        assertEquals(false, map.path("metadata").has("resourceVersion"));
    }

    @Test
    void anUpdateCarriesTheResourceVersionItExpects() throws Exception {
        JsonNode map = JSON.readTree(ConfigMaps.json("ns", "c-1", "4711", 1));

        assertEquals("4711", map.path("metadata").path("resourceVersion").asText());
    }

    @Test
    void resourceVersionIsReadFromAnAnswer() {
        String answer = "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"resourceVersion\":\"123\","
                + "\"uid\":\"u\"},\"data\":{}}";

        assertEquals("123", ConfigMaps.resourceVersion(answer));
        assertNull(ConfigMaps.resourceVersion("{\"kind\":\"Status\",\"code\":409}"));
    }

    @Test
    void etcdAnswersCarryTheirRevision() {
        assertEquals("3", EtcdGateway.revision("{\"header\":{\"cluster_id\":\"1\",\"revision\":\"3\"},\"succeeded\":true}"));
        assertNull(EtcdGateway.revision("{\"error\":\"x\"}"));
    }
}
