package io.timonel.plugins.coreapi.support;

import static io.timonel.plugins.coreapi.support.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.timonel.spi.resource.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameRulesTest {

    @ParameterizedTest
    @CsvSource({"my-app, true, true, true", "my.app, true, false, false", "1app, true, true, false",
            "My-App, false, false, false", "app-, false, false, false", "a_b, false, false, false"})
    void dnsFormats(String name, boolean subdomain, boolean label, boolean dns1035) {
        assertEquals(subdomain, NameRules.dns1123Subdomain(name).isEmpty(), "subdomain " + name);
        assertEquals(label, NameRules.dns1123Label(name).isEmpty(), "label " + name);
        assertEquals(dns1035, NameRules.dns1035Label(name).isEmpty(), "dns1035 " + name);
    }

    @Test
    void longNamesAreRefused() {
        assertFalse(NameRules.dns1123Label("a".repeat(64)).isEmpty());
        assertTrue(NameRules.dns1123Subdomain("a".repeat(253)).isEmpty());
        assertFalse(NameRules.dns1123Subdomain("a".repeat(254)).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"app, true", "example.com/app, true", "app.kubernetes.io/name, true", "/app, false",
            "a/b/c, false", "-app, false"})
    void qualifiedNames(String key, boolean valid) {
        assertEquals(valid, NameRules.qualifiedName(key).isEmpty(), key);
    }

    @ParameterizedTest
    @CsvSource({"key.name, true", "KEY_NAME, true", "key-name, true", "'bad key', false", ".., false",
            "..hidden, false"})
    void configKeys(String key, boolean valid) {
        assertEquals(valid, NameRules.configMapKey(key).isEmpty(), key);
    }

    @ParameterizedTest
    @CsvSource({"http, true", "http-alt, true", "8080, false", "a--b, false", "averyveryverylongname, false"})
    void namedPorts(String name, boolean valid) {
        assertEquals(valid, NameRules.ianaServiceName(name).isEmpty(), name);
    }

    @Test
    void selectorsMatchLabelsAndExpressions() {
        var selector = json("{matchLabels:{app:'web'},matchExpressions:[{key:'tier',operator:'In',values:['a','b']},"
                + "{key:'canary',operator:'DoesNotExist'}]}");
        assertTrue(LabelSelectors.matches(selector, json("{app:'web',tier:'a'}")));
        assertFalse(LabelSelectors.matches(selector, json("{app:'web',tier:'c'}")));
        assertFalse(LabelSelectors.matches(selector, json("{app:'web',tier:'a',canary:'1'}")));
        assertEquals("app=web,tier in (a,b),!canary", LabelSelectors.format(selector));
    }

    @Test
    void selectorValidationNamesTheExpressionField() {
        List<FieldViolation> out = new ArrayList<>();
        LabelSelectors.validate(json("{matchExpressions:[{key:'a',operator:'In'}]}"), FieldPath.of("spec.selector"), out);
        assertEquals(List.of("spec.selector.matchExpressions[0].values"), Fixtures.fields(out));
    }
}
