package lasso.domain.list;

import lasso.domain.Outcome;
import lasso.domain.Trace;
import lasso.domain.TraceEvent;
import lasso.domain.TokenSpan;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a program on one input with the shared {@link ListSemantics}. A statement that consumes NULL
 * or produces a value outside the range rejects the program (an {@code ERROR} outcome); a NULL final
 * output is a normal result.
 */
public final class ListInterpreter {

    private ListInterpreter() {
    }

    /** Why an input does not fit the program, or null when it does. */
    public static String checkInput(ListProgram program, ListInput input) {
        if (input.size() != program.inputs().size()) {
            return "the program takes " + program.inputs().size() + " inputs, the example gives " + input.size();
        }
        for (int i = 0; i < input.size(); i++) {
            Value value = input.get(i);
            if (value instanceof NullValue) {
                return "input " + i + " is NULL";
            }
            if (value.type() != program.inputs().get(i)) {
                return "input " + i + " should be " + program.inputs().get(i).msName() + ", got " + value;
            }
            if (!value.inRange()) {
                return "input " + i + " is out of range (integers in [" + ListSemantics.MIN + ", "
                        + ListSemantics.MAX + "], lists of at most " + ListSemantics.MAX_LENGTH + ")";
            }
        }
        return null;
    }

    public static Outcome<Value> run(ListProgram program, ListInput input) {
        Trace<List<Value>> trace = trace(program, input, false);
        @SuppressWarnings("unchecked")
        Outcome<Value> outcome = (Outcome<Value>) trace.outcome();
        return outcome;
    }

    /** Runs and records the registers after every statement (the inputs first). */
    public static Trace<List<Value>> trace(ListProgram program, ListInput input) {
        return trace(program, input, true);
    }

    private static Trace<List<Value>> trace(ListProgram program, ListInput input, boolean record) {
        List<List<Value>> states = new ArrayList<>();
        List<TraceEvent> events = new ArrayList<>();
        String problem = checkInput(program, input);
        if (problem != null) {
            return new Trace<>(states, events, Outcome.error(problem));
        }
        int stride = 1 + ListSemantics.MAX_LENGTH;
        for (Value value : input.values()) {
            if (value instanceof ListValue list) {
                stride = Math.max(stride, 1 + list.length());
            }
        }
        int[] memory = new int[stride * program.variables()];
        List<Value> registers = new ArrayList<>(input.values());
        for (int i = 0; i < input.size(); i++) {
            ListSemantics.store(input.get(i), memory, i * stride);
        }
        if (record) {
            states.add(List.copyOf(registers));
        }
        List<TokenSpan> spans = record ? ListSyntax.statementSpans(program) : List.of();
        int v = input.size();
        for (int s = 0; s < program.statements().size(); s++, v++) {
            Statement statement = program.statements().get(s);
            Operator op = statement.operator();
            int a = statement.argument(0) * stride;
            int b = op.arity() > 1 ? statement.argument(1) * stride : a;
            int status = ListSemantics.apply(op, memory, a, b, v * stride);
            if (status != ListSemantics.OK) {
                if (record) {
                    events.add(new TraceEvent(states.size(), op.name(), spans.get(s), null, null, false));
                }
                return new Trace<>(states, events, Outcome.error("statement " + (s + 1) + " ("
                        + ListSyntax.printPrefix(program).split("\\|")[v] + "): " + ListSemantics.describe(status)));
            }
            Value result = ListSemantics.load(op.output(), memory, v * stride);
            registers.add(result);
            if (record) {
                events.add(new TraceEvent(states.size(), op.name(), spans.get(s), null, null, true));
                states.add(List.copyOf(registers));
            }
        }
        return new Trace<>(states, events, Outcome.ok(registers.get(registers.size() - 1)));
    }
}
