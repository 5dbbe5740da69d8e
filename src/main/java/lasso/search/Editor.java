package lasso.search;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A debugger: turns a failing candidate and its traces into scored edits (new programs). Asynchronous
 * for the same reason as {@link CandidateStream}: a neural debugger batches the requests of many jobs.
 */
public interface Editor<P, I, O> {

    /** Up to {@code request.max()} distinct programs, best first, none equal to the parent. */
    CompletionStage<List<Candidate<P>>> edit(EditRequest<P, I, O> request);
}
