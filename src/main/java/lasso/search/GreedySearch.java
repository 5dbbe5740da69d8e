package lasso.search;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * SED's greedy search: each round considers only the previous round's new programs and expands the
 * best of them (by T(p, e), then the proposer's score, then order). When a round brings nothing new
 * and valid, where SED gives up, this search restarts from the synthesizer's next batch, so that it
 * spends the same budgets as the other strategies.
 */
public final class GreedySearch<P> extends Search<P> {

    private Evaluated<P> current;

    GreedySearch(SearchSettings settings, LongSupplier nanoClock, long startNanos) {
        super(settings, nanoClock, startNanos);
    }

    @Override
    protected Round<P> plan() {
        if (current == null) {
            if (proposerExhausted()) {
                return stopWith(StopReason.EXHAUSTED);
            }
            return new Round<>(settings().batchSize(), null);
        }
        if (!expansionsLeft()) {
            return stopWith(StopReason.EXPANSION_BUDGET);
        }
        Evaluated<P> expand = current;
        current = null;
        return new Round<>(0, expand);
    }

    @Override
    protected void roundEvaluated(List<Evaluated<P>> evaluated) {
        current = evaluated.stream()
                .filter(e -> e.evaluation().valid())
                .min(Evaluated.bestFirst())
                .orElse(null);
    }
}
