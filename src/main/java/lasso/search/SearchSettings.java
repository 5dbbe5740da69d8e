package lasso.search;

/**
 * A job's search strategy and budgets. Every limit is positive; {@code deadlineMillis} counts from
 * the job's submission.
 *
 * @param maxExpansions      debugger invocations
 * @param maxEvaluated       distinct programs run on the examples
 * @param deadlineMillis     wall-clock time
 * @param batchSize          candidates asked of the synthesizer per round
 * @param editsPerExpansion  edits asked of the debugger per expansion
 * @param seed               fixes every random choice of the job's synthesizer and debugger
 * @param expansionsPerRound programs best-first expands each round, the best of the whole frontier
 *                           (1: SED's Algorithm 1); more keep more debuggers busy at once
 */
public record SearchSettings(Strategy strategy, long maxExpansions, long maxEvaluated, long deadlineMillis,
                             int batchSize, int editsPerExpansion, long seed, int expansionsPerRound) {

    public SearchSettings {
        if (strategy == null) {
            throw new IllegalArgumentException("a search needs a strategy");
        }
        positive("max_expansions", maxExpansions);
        positive("max_evaluated", maxEvaluated);
        positive("deadline_millis", deadlineMillis);
        positive("batch_size", batchSize);
        positive("edits_per_expansion", editsPerExpansion);
        positive("expansions_per_round", expansionsPerRound);
    }

    /** Settings that expand one program a round. */
    public SearchSettings(Strategy strategy, long maxExpansions, long maxEvaluated, long deadlineMillis,
                          int batchSize, int editsPerExpansion, long seed) {
        this(strategy, maxExpansions, maxEvaluated, deadlineMillis, batchSize, editsPerExpansion, seed, 1);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    /** The deadline in nanoseconds; a deadline beyond what a long holds saturates rather than overflows. */
    public long deadlineNanos() {
        return deadlineMillis > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : deadlineMillis * 1_000_000L;
    }

    public SearchSettings withStrategy(Strategy other) {
        return new SearchSettings(other, maxExpansions, maxEvaluated, deadlineMillis, batchSize, editsPerExpansion,
                seed, expansionsPerRound);
    }
}
