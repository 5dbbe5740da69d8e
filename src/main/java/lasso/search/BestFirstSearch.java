package lasso.search;

import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * SED's best-first search (Algorithm 1), generalised to a synthesizer that streams: the frontier
 * holds every valid program evaluated so far, ordered by T(p, e), then the proposer's score, then
 * admission (FIFO); each round expands the frontier's best program with the debugger and, while the
 * synthesizer has more, also evaluates its next batch. With a synthesizer that gives one batch and
 * stops, this is exactly Algorithm 1.
 */
public final class BestFirstSearch<P> extends Search<P> {

    private final PriorityQueue<Evaluated<P>> frontier = new PriorityQueue<>(Evaluated.bestFirst());

    BestFirstSearch(SearchSettings settings, LongSupplier nanoClock, long startNanos) {
        super(settings, nanoClock, startNanos);
    }

    @Override
    protected Round<P> plan() {
        int propose = proposerExhausted() ? 0 : settings().batchSize();
        if (firstRound()) {
            return new Round<>(propose, null);
        }
        if (!expansionsLeft()) {
            return stopWith(StopReason.EXPANSION_BUDGET);
        }
        Evaluated<P> expand = frontier.poll();
        if (expand == null && propose == 0) {
            return stopWith(StopReason.EXHAUSTED);
        }
        return new Round<>(propose, expand);
    }

    @Override
    protected void roundEvaluated(List<Evaluated<P>> evaluated) {
        for (Evaluated<P> e : evaluated) {
            if (e.evaluation().valid()) {
                frontier.add(e);
            }
        }
    }

    /** Programs waiting to be expanded. */
    public int frontierSize() {
        return frontier.size();
    }
}
