package lasso.model.synthesis;

import java.util.List;

/**
 * A network's batched beam search, as a {@link DecodingBatcher} runs it: a synthesizer decodes
 * programs from examples, a debugger edits of a program. Called from the batcher's one thread.
 *
 * @param <Q> one request (a task's examples; a failing program with its examples and traces)
 * @param <R> its result
 */
public interface BatchDecoder<Q, R> {

    /** The model's name, for threads and messages. */
    String name();

    /**
     * Checks that the network can read a request, before it joins a batch.
     *
     * @throws IllegalArgumentException naming the problem
     */
    void check(Q request);

    /** Whether two requests of one beam width can be decoded in one batch (a network reads equally many examples per task). */
    boolean batchable(Q a, Q b);

    /** Beam search of width {@code width} on every request; one result per request, in order. */
    List<R> decode(List<Q> requests, int width);
}
