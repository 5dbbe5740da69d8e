package lasso.domain;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Draws random tasks: a program and examples it satisfies. One call is one attempt, so that
 * {@link TaskGeneration} can run attempts in parallel and still be deterministic for a seed.
 */
public interface TaskGenerator<P, I, O> {

    /** A program with its examples, or empty when this attempt was rejected by a filter. */
    Optional<Generated<P, I, O>> attempt(RandomGenerator random);

    /** A generated task: the program and its examples (held-out ones marked). */
    record Generated<P, I, O>(P program, List<Example<I, O>> examples) {

        public Generated {
            examples = List.copyOf(examples);
        }
    }
}
