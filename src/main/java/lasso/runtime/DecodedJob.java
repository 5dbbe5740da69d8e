package lasso.runtime;

import lasso.domain.Domain;
import lasso.domain.ProgramSyntaxException;
import lasso.search.Evaluator;

import java.util.List;

/** A job's examples decoded on one node, ready for its workers. */
record DecodedJob<P, I, O>(JobSpec spec, Domain<P, I, O> domain, Evaluator<P, I, O> evaluator) {

    /** Parses canonical tokens that a worker of this job produced. */
    P parse(List<String> tokens) {
        try {
            return domain.parse(tokens);
        } catch (ProgramSyntaxException e) {
            throw new IllegalArgumentException("program does not parse: " + e.getMessage(), e);
        }
    }
}
