package lasso.search.deepcoder;

import lasso.domain.list.ListProgram;

/** Receives the programs a search finds, in the order it finds them (from any worker thread). */
@FunctionalInterface
public interface SolutionSink {

    /**
     * A program that satisfies every example.
     *
     * @param nodes the finding worker's node count so far
     * @return true to keep searching for more, false to stop the search
     */
    boolean found(ListProgram program, long nodes);

    /** Stops at the first program found. */
    SolutionSink FIRST = (program, nodes) -> false;
}
