package lasso.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Random edits of a program's syntax tree. Every mutant parses. A debugger learns to undo them,
 * and a local search uses them as moves.
 */
public interface Mutator<P> {

    /** Tries per chain step before a chain of a given length is given up. */
    int CHAIN_TRIES = 1000;

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

    /**
     * A chain of exactly {@code steps} mutations, each giving a program not seen earlier in the chain
     * (the original included), as the debugger's mutation benchmark draws them; empty if
     * {@value #CHAIN_TRIES} tries of a step all fail (a rejected step is retried from the same program).
     */
    default Optional<P> mutateChain(P program, int steps, RandomGenerator random) {
        Set<P> seen = new HashSet<>();
        seen.add(program);
        P current = program;
        for (int step = 0; step < steps; step++) {
            P next = null;
            for (int attempt = 0; attempt < CHAIN_TRIES && next == null; attempt++) {
                Optional<P> mutant = mutate(current, random);
                if (mutant.isEmpty()) {
                    return Optional.empty();
                }
                if (seen.add(mutant.get())) {
                    next = mutant.get();
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            current = next;
        }
        return Optional.of(current);
    }
}
