package lasso.model.synthesis;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * A network's batched beam search, as a {@link DecodingBatcher} runs it: a synthesizer decodes
 * programs from examples, a debugger edits of a program. Called from the batcher's one thread.
 *
 * @param <Q> one request (a task's examples; a failing program with its examples and traces)
 * @param <R> its result
 */
public interface BatchDecoder<Q, R> {

    /** The model's name, for threads, metrics and messages. */
    String name();

    /** How many examples a request reads: a beam of width w takes w × that many network rows. */
    int examples(Q request);

    /** The request cut down to its first {@code max} examples (the batcher's bound on what one job reads). */
    Q firstExamples(Q request, int max);

    /**
     * Checks that the network can read a request, before it joins a batch.
     *
     * @throws IllegalArgumentException naming the problem
     */
    void check(Q request);

    /** Whether two requests of one beam width can be decoded in one batch (a network reads equally many examples per task). */
    default boolean batchable(Q a, Q b) {
        return examples(a) == examples(b);
    }

    /** Beam search of width {@code width} on every request; one result per request, in order. */
    default List<R> decode(List<Q> requests, int width) {
        return decode(requests, width, request -> false);
    }

    /**
     * As {@link #decode(List, int)}; a request for which {@code abandoned} holds (its job ended) leaves
     * the batch at the next step, and the decode stops there once every request is abandoned.
     */
    List<R> decode(List<Q> requests, int width, IntPredicate abandoned);
}
