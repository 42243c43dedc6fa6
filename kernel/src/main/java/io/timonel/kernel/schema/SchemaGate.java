package io.timonel.kernel.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.timonel.kernel.api.ApiException;
import io.timonel.kernel.objects.Admission;
import io.timonel.kernel.objects.WriteOptions;
import io.timonel.kernel.openapi.OpenApiV3Documents;
import io.timonel.spi.resource.FieldViolation;
import io.timonel.spi.resource.ResourceType;
import java.util.List;

/**
 * The schema step of admission. Built-in types get Kubernetes' decoding checks (types and
 * unknown fields); their values are checked by their own validators. Custom resources get
 * structural validation of values too, and unknown fields pruned, as CRDs require.
 * Unknown fields then fail the request under {@code fieldValidation=Strict} and become warnings
 * under {@code Warn}.
 */
public final class SchemaGate implements Admission.SchemaGate {
    private final SchemaChecker checker = new SchemaChecker();

    @Override
    public void check(ResourceType type, ObjectNode object, WriteOptions opts, List<String> warnings,
                      List<FieldViolation> violations) {
        if (type.schema() == null || type.schema().rootSchema() == null) {
            return;
        }
        boolean builtIn = OpenApiV3Documents.hasKubernetesSchema(type);
        SchemaReport report = checker.check(object, type.schema());
        violations.addAll(builtIn ? report.typeViolations() : report.violations());
        if (!builtIn) {
            checker.prune(object, type.schema());
        }
        List<String> unknown = report.unknownFields();
        if (unknown.isEmpty()) {
            return;
        }
        switch (opts.fieldValidation()) {
            case STRICT -> {
                StringBuilder message = new StringBuilder("strict decoding error: ");
                for (int i = 0; i < unknown.size(); i++) {
                    message.append(i == 0 ? "" : ", ").append("unknown field \"").append(unknown.get(i)).append('"');
                }
                throw ApiException.badRequest(message.toString());
            }
            case WARN -> unknown.forEach(f -> warnings.add("unknown field \"" + f + "\""));
            case IGNORE -> { }
        }
    }
}
