package io.timonel.kernel.admission.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;

/**
 * The CEL environment of ValidatingAdmissionPolicy expressions: the variables Kubernetes declares
 * ({@code object}, {@code oldObject}, {@code request}, {@code params}, {@code namespaceObject},
 * {@code variables}) and the extension libraries cel-java ships (strings, lists, sets, math,
 * regex, encoders, optionals). {@code authorizer} is not declared: expressions that use it fail to
 * compile, and so fall under the policy's failurePolicy. Objects are dynamically typed (the
 * kernel has no CEL type per resource schema), so most type errors surface at evaluation.
 * Thread-safe; build once.
 */
final class PolicyCel {
    /** Names of the variables every expression may use. */
    static final List<String> VARIABLES = List.of("object", "oldObject", "request", "params", "namespaceObject",
            "variables");

    private final Cel cel;

    PolicyCel() {
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .enableOptionalSyntax(true)
                // Bounds a runaway comprehension; Kubernetes bounds cost instead, with a similar effect.
                .comprehensionMaxIterations(1_000_000)
                .build();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(options),
                        CelExtensions.math(options), CelExtensions.regex(), CelExtensions.encoders(options),
                        CelExtensions.optional(), CelExtensions.bindings())
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(options),
                        CelExtensions.math(options), CelExtensions.regex(), CelExtensions.encoders(options),
                        CelExtensions.optional());
        for (String name : VARIABLES) {
            builder.addVar(name, name.equals("variables") ? MapType.create(SimpleType.STRING, SimpleType.DYN)
                    : SimpleType.DYN);
        }
        this.cel = builder.build();
    }

    /** Compiles one expression; never throws. */
    Expression compile(String source) {
        if (source == null || source.isBlank()) {
            return Expression.broken(source == null ? "" : source, "expression is empty");
        }
        try {
            CelValidationResult result = cel.compile(source);
            if (result.hasError()) {
                return Expression.broken(source, "compilation failed: " + result.getErrorString());
            }
            CelAbstractSyntaxTree ast = result.getAst();
            return Expression.compiled(source, cel.createProgram(ast));
        } catch (CelEvaluationException | dev.cel.common.CelValidationException | RuntimeException e) {
            return Expression.broken(source, "compilation failed: " + e.getMessage());
        }
    }
}
