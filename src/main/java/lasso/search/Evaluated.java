package lasso.search;

import java.util.Comparator;

/** An admitted candidate with its results on the examples. */
public record Evaluated<P>(Admitted<P> candidate, Evaluation evaluation) {

    /**
     * The frontier's order, best first: more given examples passed, then the proposer's higher score,
     * then the earlier admission.
     */
    public static <P> Comparator<Evaluated<P>> bestFirst() {
        return Comparator.<Evaluated<P>>comparingInt(e -> -e.evaluation().givenPassed())
                .thenComparingDouble(e -> -e.candidate().score())
                .thenComparingLong(e -> e.candidate().seq());
    }

    public P program() {
        return candidate.program();
    }
}
