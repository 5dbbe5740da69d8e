package lasso.runtime;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.ProgramSyntaxException;
import lasso.domain.Trace;
import lasso.search.Evaluation;
import lasso.search.Evaluator;

import java.util.ArrayList;
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

    /**
     * The parsed program: the one it carries when a worker of this job in this JVM made it (this
     * job's domain made it, so it is a {@code P}), else its tokens parsed.
     */
    @SuppressWarnings("unchecked")
    P parse(Program program) {
        Object parsed = program.parsedOrNull();
        return parsed != null ? (P) parsed : parse(program.tokens());
    }

    /** A program received from a worker, evaluated on the job's examples; invalid if it does not parse. */
    @SuppressWarnings("unchecked")
    Evaluation evaluate(Program program) {
        Object parsed = program.parsedOrNull();
        return parsed != null ? evaluator.evaluate((P) parsed) : evaluator.evaluate(program.tokens());
    }

    /** The program's traces on the job's given examples, for a debugger. */
    Traces trace(Program program) {
        P parsed = parse(program);
        List<Trace<?>> traces = new ArrayList<>(evaluator.given().size());
        for (Example<I, O> example : evaluator.given()) {
            traces.add(domain.trace(parsed, example.input()));
        }
        return Traces.made(domain, traces);
    }

    /** A program of this job for another worker: its tokens, with the parsed form for this JVM. */
    Program travelling(P program) {
        return Program.parsed(domain.tokens(program), program);
    }
}
