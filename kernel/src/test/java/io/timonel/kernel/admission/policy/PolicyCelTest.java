package io.timonel.kernel.admission.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyCelTest {
    private static final PolicyCel CEL = new PolicyCel();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Object eval(String expr, String objectJson) throws Exception {
        Map<String, Object> act = new HashMap<>();
        act.put("object", CelValues.of(JSON.readTree(objectJson)));
        act.put("variables", Map.of());
        Expression.Outcome o = CEL.compile(expr).evaluate(act);
        if (o instanceof Expression.Outcome.Error e) {
            return "ERROR: " + e.message();
        }
        return ((Expression.Outcome.Value) o).value();
    }

    @Test
    void evaluatesKubernetesStyleExpressionsOverJson() throws Exception {
        String deploy = "{\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"x\"}},\"spec\":{\"replicas\":3,"
                + "\"ratio\":0.5,\"containers\":[{\"name\":\"a\",\"image\":\"reg.io/a:1\"}]}}";
        assertEquals(true, eval("object.spec.replicas <= 5", deploy));
        assertEquals(true, eval("object.spec.ratio < 1", deploy));
        assertEquals(true, eval("has(object.metadata.labels) && 'app' in object.metadata.labels", deploy));
        assertEquals(false, eval("has(object.spec.template)", deploy));
        assertEquals(true, eval("object.spec.containers.all(c, c.image.startsWith('reg.io/'))", deploy));
        assertEquals(true, eval("object.metadata.name.matches('^w.*b$') && size(object.metadata.name) == 3", deploy));
        assertEquals("WEB", eval("object.metadata.name.upperAscii()", deploy));
        assertEquals(true, eval("object.spec.containers.map(c, c.name).exists(n, n == 'a')", deploy));
        assertEquals("3", eval("string(object.spec.replicas)", deploy));
        assertEquals(true, eval("object.?spec.?missing.orValue(7) == 7", deploy));
        Object err = eval("object.spec.template.x == 1", deploy);
        assertTrue(String.valueOf(err).startsWith("ERROR:"), String.valueOf(err));
        Object compile = eval("object.spec.replicas <=", deploy);
        assertTrue(String.valueOf(compile).startsWith("ERROR: compilation failed"), String.valueOf(compile));
    }

    @Test
    void variablesAreLazyAndSeeEarlierVariables() throws Exception {
        Map<String, Expression> declared = new LinkedHashMap<>();
        declared.put("broken", CEL.compile("object.nope.x"));
        declared.put("n", CEL.compile("object.spec.replicas * 2"));
        declared.put("m", CEL.compile("variables.n + 1"));
        Object object = CelValues.of(JSON.readTree("{\"spec\":{\"replicas\":2}}"));
        Variables[] holder = new Variables[1];
        holder[0] = new Variables(declared, v -> Map.of("object", object, "variables", v));
        Map<String, Object> act = Map.of("object", object, "variables", holder[0]);
        assertEquals(new Expression.Outcome.Value(true), CEL.compile("variables.m == 5").evaluate(act));
        Expression.Outcome failed = CEL.compile("variables.broken == 1").evaluate(act);
        assertInstanceOf(Expression.Outcome.Error.class, failed);
        assertTrue(((Expression.Outcome.Error) failed).message().contains("broken"), failed.toString());
    }
}
