package lasso.client;

import lasso.domain.Domain;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Runs tasks as jobs with at most {@code window} of them in flight, so that thousands of tasks never
 * pile up as calls or queued jobs, and hands each outcome to a sink as it arrives.
 */
public final class JobWindow {

    /** Receives each task's outcome, on whatever thread completed it, one call at a time per task. */
    public interface Sink {

        /** Exactly one of {@code line} and {@code failure} is not null. */
        void done(int index, ResultLine line, Jobs.NotAnsweredException failure);
    }

    private JobWindow() {
    }

    /** Runs the readable entries (in order) and waits for every outcome. */
    public static <I, O> void run(Domain<?, I, O> domain, List<TaskEntry<I, O>> entries, Jobs jobs, int window,
                                  Sink sink) throws InterruptedException {
        if (window < 1) {
            throw new IllegalArgumentException("the window must hold at least one job, not " + window);
        }
        Semaphore slots = new Semaphore(window);
        Semaphore finished = new Semaphore(0);
        int started = 0;
        for (int i = 0; i < entries.size(); i++) {
            TaskEntry<I, O> entry = entries.get(i);
            if (!entry.readable()) {
                continue;
            }
            int index = i;
            slots.acquire();
            started++;
            CompletableFuture<ResultLine> outcome;
            try {
                outcome = jobs.solve(domain, entry.task());
            } catch (RuntimeException e) {
                outcome = CompletableFuture.failedFuture(e);
            }
            outcome.whenComplete((line, failure) -> {
                try {
                    if (failure == null) {
                        sink.done(index, line, null);
                    } else {
                        sink.done(index, null, notAnswered(failure));
                    }
                } finally {
                    slots.release();
                    finished.release();
                }
            });
        }
        finished.acquire(started);
    }

    private static Jobs.NotAnsweredException notAnswered(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof Jobs.NotAnsweredException notAnswered ? notAnswered
                : new Jobs.NotAnsweredException(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), cause);
    }
}
