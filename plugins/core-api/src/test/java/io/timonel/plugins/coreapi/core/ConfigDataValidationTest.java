package io.timonel.plugins.coreapi.core;

import static io.timonel.plugins.coreapi.support.Fixtures.at;
import static io.timonel.plugins.coreapi.support.Fixtures.create;
import static io.timonel.plugins.coreapi.support.Fixtures.defaulted;
import static io.timonel.plugins.coreapi.support.Fixtures.fields;
import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static io.timonel.plugins.coreapi.support.Fixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.spi.resource.ObjectDefaulter;
import io.timonel.spi.resource.ObjectValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDataValidationTest {

    private static final ObjectValidator CONFIG_MAPS = ConfigDataValidation.configMaps();
    private static final ObjectValidator SECRETS = ConfigDataValidation.secrets();
    private static final SecretDefaults SECRET_DEFAULTS = new SecretDefaults();

    @Test
    void validConfigMapPasses() {
        assertEquals(List.of(), CONFIG_MAPS.validate(
                json("{metadata:{name:'app.config'},data:{'app.properties':'a=b','KEY_2':'x','key-3':'y'}}"), null));
    }

    @Test
    void badKeysAreReportedUnderData() {
        assertEquals(List.of("data"), fields(CONFIG_MAPS.validate(
                json("{metadata:{name:'c'},data:{'bad key':'x'}}"), null)));
        assertEquals(List.of("metadata.name"), fields(CONFIG_MAPS.validate(
                json("{metadata:{name:'Bad_Name'},data:{}}"), null)));
    }

    @Test
    void configMapLargerThanOneMebibyteIsTooLong() {
        ObjectNode cm = json("{metadata:{name:'big'},data:{}}");
        ((ObjectNode) cm.get("data")).put("blob", "x".repeat(1024 * 1024));
        assertEquals(List.of(""), fields(CONFIG_MAPS.validate(cm, null)));
    }

    @Test
    void immutableConfigMapRejectsDataChanges() {
        ObjectNode old = json("{metadata:{name:'c'},immutable:true,data:{a:'1'}}");
        assertEquals(List.of("data"), fields(CONFIG_MAPS.validate(
                json("{metadata:{name:'c'},immutable:true,data:{a:'2'}}"), old)));
        assertEquals(List.of("immutable"), fields(CONFIG_MAPS.validate(
                json("{metadata:{name:'c'},immutable:false,data:{a:'1'}}"), old)));
        assertEquals(List.of(), CONFIG_MAPS.validate(old.deepCopy(), old));
    }

    @Test
    void secretDefaultsToOpaqueAndFoldsStringData() {
        ObjectNode secret = defaulted(SECRET_DEFAULTS, json("{metadata:{name:'s'},stringData:{password:'hunter2'}}"));
        assertEquals("Opaque", at(secret, "type").asText());
        assertEquals("aHVudGVyMg==", at(secret, "data.password").asText());
        assertFalse(secret.has("stringData"));
        assertEquals(secret, defaulted(SECRET_DEFAULTS, secret));
    }

    @Test
    void secretDataMustBeBase64() {
        assertEquals(List.of("data[token]"), fields(create(SECRET_DEFAULTS, SECRETS,
                json("{metadata:{name:'s'},data:{token:'not base64!'}}"))));
        assertEquals(List.of(), create(SECRET_DEFAULTS, SECRETS, json("{metadata:{name:'s'},data:{token:'dG9r'}}")));
    }

    @Test
    void tlsSecretNeedsCertificateAndKey() {
        assertEquals(List.of("data[tls.key]"), fields(create(SECRET_DEFAULTS, SECRETS,
                json("{metadata:{name:'s'},type:'kubernetes.io/tls',data:{'tls.crt':'Y2VydA=='}}"))));
    }

    @Test
    void secretTypeIsImmutable() {
        ObjectDefaulter none = ObjectDefaulter.NONE;
        assertEquals(List.of("type"), fields(update(none, SECRETS,
                json("{metadata:{name:'s'},type:'Other'}"), json("{metadata:{name:'s'},type:'Opaque'}"))));
    }
}
