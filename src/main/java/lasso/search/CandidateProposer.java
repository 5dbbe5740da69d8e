package lasso.search;

import lasso.domain.Example;

import java.util.List;

/**
 * A synthesizer: given a job's examples, a stream of scored candidate programs. One proposer
 * serves many jobs (a model is loaded once); each job opens its own stream.
 */
public interface CandidateProposer<P, I, O> {

    /**
     * Opens the candidate stream of one job.
     *
     * @param given the examples the search may see (never the held-out ones)
     * @param seed  fixes every random choice of the stream
     */
    CandidateStream<P> open(List<Example<I, O>> given, long seed);
}
