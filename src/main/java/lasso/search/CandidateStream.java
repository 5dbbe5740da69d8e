package lasso.search;

import java.util.concurrent.CompletionStage;

/**
 * The candidates of one job, pulled batch by batch. Pull-based and asynchronous so that a neural
 * proposer can decode the requests of several jobs as one batch and complete each job's stage when
 * its part is ready. A caller asks for the next batch only after the previous one completed.
 */
public interface CandidateStream<P> extends AutoCloseable {

    /**
     * Up to {@code max} further candidates, best first, each new to this stream. A batch may hold
     * fewer, even none, without the stream being exhausted (a proposer that limits the time one
     * batch takes); only {@link Proposal#exhausted()} says that nothing more will come.
     */
    CompletionStage<Proposal<P>> next(int max);

    /** Releases what the stream holds (an enumeration's frontier, a model's cached encodings). */
    @Override
    default void close() {
    }
}
