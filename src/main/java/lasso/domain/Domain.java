package lasso.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A programming-by-example domain: its language, its semantics and its data.
 *
 * <p>Search, actors and models speak only this interface, so a new domain plugs in (through
 * {@link Domains}) without touching them. Programs, inputs and outputs are immutable values whose
 * {@code equals} means "the same program" and "the same observable result".
 *
 * @param <P> a parsed program
 * @param <I> the input of one example
 * @param <O> the output of one example
 */
public interface Domain<P, I, O> {

    /** Short name used on the command line and in job requests: {@code karel}, {@code c}, {@code list}. */
    String name();

    /** The language's tokens, in a fixed order that models use as ids (model specials excluded). */
    Vocabulary vocabulary();

    /** Splits program text into the tokens of {@link #vocabulary()}. */
    List<String> tokenize(String text) throws ProgramSyntaxException;

    /** Parses a token sequence; the exception names the offending position. */
    P parse(List<String> tokens) throws ProgramSyntaxException;

    default P parse(String text) throws ProgramSyntaxException {
        return parse(tokenize(text));
    }

    /** The canonical token sequence of a program; {@code parse(tokens(p))} equals {@code p}. */
    List<String> tokens(P program);

    /** Readable program text; {@code parse(print(p))} equals {@code p}. */
    String print(P program);

    /** Runs a program on one input: its output, or why it failed. */
    Outcome<O> run(P program, I input);

    /** Runs a program on one input and records what it did, step by step. */
    Trace<?> trace(P program, I input);

    /**
     * A trace of this domain in JSON (see {@link TraceJson}): how traces travel between nodes.
     *
     * @throws ClassCastException if the trace is not one of this domain's
     */
    JsonNode writeTrace(Trace<?> trace);

    /** Reads a trace written by {@link #writeTrace}; the exception names the problem. */
    Trace<?> readTrace(JsonNode json) throws InvalidTaskException;

    /** Whether the program maps this example's input to its output. */
    default boolean passes(P program, Example<I, O> example) {
        return run(program, example.input()) instanceof Outcome.Ok<O> ok && ok.output().equals(example.output());
    }

    /** T(p, e): the fraction of the examples the program passes. */
    default double score(P program, List<Example<I, O>> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a score needs at least one example");
        }
        int passed = 0;
        for (Example<I, O> example : examples) {
            if (passes(program, example)) {
                passed++;
            }
        }
        return (double) passed / examples.size();
    }

    /**
     * A generator of random tasks (a program with examples it satisfies) following the domain's
     * benchmark distribution, tuned by domain-specific options ({@code key → value}).
     *
     * @throws IllegalArgumentException naming an unknown option or a bad value
     */
    TaskGenerator<P, I, O> generator(Map<String, String> options);

    /** Mutations of the program's syntax tree, as a debugger's training data and a local search use them. */
    Mutator<P> mutator();

    /** Reads and writes this domain's task files and runs the file-level commands on them. */
    TaskFormat<I, O> taskFormat();
}
