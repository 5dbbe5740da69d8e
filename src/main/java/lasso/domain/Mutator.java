package lasso.domain;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Random edits of a program's syntax tree. Every mutant parses. A debugger learns to undo them,
 * and a local search uses them as moves.
 */
public interface Mutator<P> {

    /** The names of the mutation operators, as reports and tests refer to them. */
    List<String> operators();

    /** One random mutation, or empty if none applies to this program. */
    Optional<P> mutate(P program, RandomGenerator random);

    /**
     * A chain of mutations, as the debugger's pre-training draws it: a random number of steps from
     * the domain's distribution, each giving a program not seen earlier in the chain. Empty if the
     * chain could not be completed.
     */
    Optional<P> mutateChain(P program, RandomGenerator random);
}
