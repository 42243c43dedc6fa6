package io.timonel.kernel.admission.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/**
 * One CEL expression of a policy, compiled once; or the reason it could not be compiled, which
 * surfaces as an evaluation error each time the expression is needed.
 */
final class Expression {
    private final String source;
    private final CelRuntime.Program program;
    private final String compileError;

    private Expression(String source, CelRuntime.Program program, String compileError) {
        this.source = source;
        this.program = program;
        this.compileError = compileError;
    }

    static Expression compiled(String source, CelRuntime.Program program) {
        return new Expression(source, program, null);
    }

    static Expression broken(String source, String error) {
        return new Expression(source, null, error);
    }

    String source() {
        return source;
    }

    /** The compile error, or {@code null} when the expression compiled. */
    String compileError() {
        return compileError;
    }

    /** The value of the expression over {@code activation}, or why it has none. */
    Outcome evaluate(Map<String, ?> activation) {
        if (program == null) {
            return new Outcome.Error(compileError);
        }
        try {
            return new Outcome.Value(program.eval(activation));
        } catch (CelEvaluationException e) {
            return new Outcome.Error(e.getMessage());
        } catch (Variables.VariableFailed e) {
            return new Outcome.Error(e.getMessage());
        } catch (RuntimeException e) {
            // A lazily evaluated variable's failure may reach us wrapped by the runtime.
            Throwable cause = e;
            while (cause != null && !(cause instanceof Variables.VariableFailed)) {
                cause = cause.getCause();
            }
            return new Outcome.Error(cause != null ? cause.getMessage() : String.valueOf(e.getMessage()));
        }
    }

    /** The result of evaluating an expression. */
    sealed interface Outcome {
        /** The expression evaluated to {@code value}. */
        record Value(Object value) implements Outcome {
        }

        /** The expression could not be compiled or evaluated. */
        record Error(String message) implements Outcome {
        }
    }
}
