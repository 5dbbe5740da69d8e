package lasso.model.sed;

import lasso.domain.Example;
import lasso.domain.Trace;

import java.util.List;

/**
 * What a debugger network reads: the given examples, the failing program's token ids and its traces
 * on the given examples (one per example, in order).
 */
public record EditInput<I, O>(List<Example<I, O>> given, int[] program, List<Trace<?>> traces) {

    public EditInput {
        given = List.copyOf(given);
        traces = List.copyOf(traces);
        if (given.isEmpty()) {
            throw new IllegalArgumentException("a debugger needs at least one example");
        }
        if (traces.size() != given.size()) {
            throw new IllegalArgumentException("one trace per given example: " + traces.size() + " traces for "
                    + given.size() + " examples");
        }
        for (Example<I, O> example : given) {
            if (example.output() == null) {
                throw new IllegalArgumentException("an example without an output cannot guide a debugger");
            }
        }
    }
}
