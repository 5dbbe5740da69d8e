package lasso.search;

import java.util.List;
import java.util.function.LongSupplier;

/** The synthesizer alone: every round evaluates its next batch, until one program passes. */
public final class BeamSearch<P> extends Search<P> {

    BeamSearch(SearchSettings settings, LongSupplier nanoClock, long startNanos) {
        super(settings, nanoClock, startNanos);
    }

    @Override
    protected Round<P> plan() {
        if (proposerExhausted()) {
            return stopWith(StopReason.EXHAUSTED);
        }
        return new Round<>(settings().batchSize(), null);
    }

    @Override
    protected void roundEvaluated(List<Evaluated<P>> evaluated) {
    }
}
