package lasso.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a registry stands in its close: once asked, it refuses new jobs and either cancels the jobs
 * it holds (counting them) or hands them over to the cluster; whoever asked ({@code W}) is answered
 * once it holds no job and none is being journaled. Plain bookkeeping: {@link JobRegistry} does the
 * messaging.
 */
final class RegistryClose<W> {

    private boolean closing;
    private boolean cancelling;
    private final List<W> waiters = new ArrayList<>();
    private int cancelled;

    /** Asked to close by {@code waiter}; {@code cancel}: the jobs held are cancelled, else handed over. */
    void close(boolean cancel, W waiter) {
        closing = true;
        cancelling |= cancel;
        waiters.add(waiter);
    }

    boolean closing() {
        return closing;
    }

    /** Whether a job accepted now is held here: not while the jobs are handed over (it goes on in the cluster). */
    boolean holdsNewJobs() {
        return !closing || cancelling;
    }

    /** A job accepted now, and held here: whether it is cancelled like the others (then counted). */
    boolean cancelsAccepted() {
        if (cancelling) {
            cancelled++;
        }
        return cancelling;
    }

    /** {@code jobs} more jobs are cancelled by the close. */
    void cancelled(int jobs) {
        cancelled += jobs;
    }

    int cancelled() {
        return cancelled;
    }

    /** The waiters to answer now, forgotten here: all of them once closing with {@code nothingHeld}, else none. */
    List<W> answerable(boolean nothingHeld) {
        if (!closing || !nothingHeld) {
            return List.of();
        }
        List<W> answered = List.copyOf(waiters);
        waiters.clear();
        return answered;
    }
}
