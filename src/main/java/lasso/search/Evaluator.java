package lasso.search;

import lasso.domain.Domain;
import lasso.domain.Example;
import lasso.domain.Outcome;
import lasso.domain.ProgramSyntaxException;

import java.util.List;

/**
 * Runs candidates on one job's examples. Executors and the plain search driver share it, so a
 * program scores the same wherever it runs.
 */
public final class Evaluator<P, I, O> {

    private final Domain<P, I, O> domain;
    private final List<Example<I, O>> given;
    private final List<Example<I, O>> heldout;

    public Evaluator(Domain<P, I, O> domain, List<Example<I, O>> given, List<Example<I, O>> heldout) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one given example");
        }
        this.domain = domain;
        this.given = List.copyOf(given);
        this.heldout = List.copyOf(heldout);
    }

    public Domain<P, I, O> domain() {
        return domain;
    }

    public List<Example<I, O>> given() {
        return given;
    }

    public List<Example<I, O>> heldout() {
        return heldout;
    }

    /** Parses the tokens and evaluates the program; a program that does not parse is invalid. */
    public Evaluation evaluate(List<String> tokens) {
        P program;
        try {
            program = domain.parse(tokens);
        } catch (ProgramSyntaxException e) {
            return Evaluation.invalid(given.size());
        }
        return evaluate(program);
    }

    /** Runs the program on every given example, and on the held-out ones if it passes them all. */
    public Evaluation evaluate(P program) {
        byte[] givenCodes = run(program, given);
        boolean all = true;
        for (byte code : givenCodes) {
            all &= code == Evaluation.PASS;
        }
        return new Evaluation(true, givenCodes, all ? run(program, heldout) : new byte[0]);
    }

    /** Runs the program on every example, held-out ones included: the final report on an answer. */
    public Evaluation evaluateAll(P program) {
        return new Evaluation(true, run(program, given), run(program, heldout));
    }

    private byte[] run(P program, List<Example<I, O>> examples) {
        byte[] codes = new byte[examples.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = code(domain.run(program, examples.get(i).input()), examples.get(i).output());
        }
        return codes;
    }

    private static <O> byte code(Outcome<O> outcome, O expected) {
        if (outcome instanceof Outcome.Ok<O> ok) {
            return ok.output().equals(expected) ? Evaluation.PASS : Evaluation.WRONG;
        }
        return ((Outcome.Failure<O>) outcome).kind() == Outcome.FailureKind.TIMEOUT
                ? Evaluation.TIMEOUT : Evaluation.ERROR;
    }
}
