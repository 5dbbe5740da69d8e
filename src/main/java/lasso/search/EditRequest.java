package lasso.search;

import lasso.domain.Example;
import lasso.domain.Trace;

import java.util.List;

/**
 * What a debugger sees of a failing candidate: the program, its runs on the given examples (one
 * trace per example, in order), how many edits are wanted, and a seed for random choices.
 */
public record EditRequest<P, I, O>(List<Example<I, O>> given, Candidate<P> parent, List<Trace<?>> traces,
                                   int max, long seed) {

    public EditRequest {
        given = List.copyOf(given);
        traces = List.copyOf(traces);
        if (traces.size() != given.size()) {
            throw new IllegalArgumentException("one trace per given example: " + traces.size() + " traces for "
                    + given.size() + " examples");
        }
        if (max <= 0) {
            throw new IllegalArgumentException("max edits must be positive: " + max);
        }
    }
}
