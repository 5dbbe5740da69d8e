package lasso.search.deepcoder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Shared between a search's workers and whoever runs it: the budget, the node count so far and a
 * cancel switch. Workers look at it every {@link #CHECK_INTERVAL} nodes, so a cancel or a deadline
 * takes effect within microseconds without costing anything per node.
 */
public final class SearchControl {

    /** Nodes between two looks at the control (a power of two). */
    static final int CHECK_INTERVAL = 4096;

    private final long maxNodes;
    private final long deadline;
    private final AtomicLong nodes = new AtomicLong();
    private volatile boolean cancelled;
    private volatile boolean exhaustedBudget;
    private volatile boolean finished;

    public SearchControl(Budget budget) {
        this.maxNodes = budget.maxNodes();
        this.deadline = budget.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + budget.timeout().toNanos();
    }

    /** Asks every worker of the search to stop; the search then returns {@code CANCELLED}. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Nodes reported so far (workers report in batches, so it lags by a few thousand). */
    public long nodes() {
        return nodes.get();
    }

    boolean budgetExhausted() {
        return exhaustedBudget;
    }

    /** Adds a worker's batch and tells whether the search must stop. */
    boolean report(long batch) {
        long total = nodes.addAndGet(batch);
        if (total >= maxNodes || System.nanoTime() >= deadline) {
            exhaustedBudget = true;
        }
        return stopping();
    }

    /** Whether the search should stop (cancelled, found enough, or out of budget). */
    boolean stopping() {
        return cancelled || exhaustedBudget || finished;
    }

    /** Stops the other workers because the search is over (e.g. a solution was found). */
    void finish() {
        finished = true;
    }
}
