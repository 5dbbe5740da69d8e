package lasso.client;

import lasso.api.JobRequests;
import lasso.api.v1.SearchOptions;
import lasso.domain.Domain;
import lasso.domain.Task;
import lasso.runtime.JobCodec;
import lasso.runtime.JobRefusedException;
import lasso.runtime.JobRegistry;
import lasso.runtime.LassoRuntime;
import lasso.search.SearchSettings;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Jobs on an embedded node that this object starts and stops. */
public final class InProcessJobs implements Jobs {

    private final LassoRuntime runtime;
    private final SearchSettings settings;
    private final AtomicLong retries = new AtomicLong();

    public InProcessJobs(LassoRuntime runtime, SearchOptions options) {
        this.runtime = runtime;
        this.settings = JobRequests.settings(options, runtime.settings().defaults());
    }

    public LassoRuntime runtime() {
        return runtime;
    }

    @Override
    public <I, O> CompletableFuture<ResultLine> solve(Domain<?, I, O> domain, Task<I, O> task) {
        try {
            return attempt(domain, task);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ResultLine.error(task.id(), e.getMessage()));
        }
    }

    private <I, O> CompletableFuture<ResultLine> attempt(Domain<?, I, O> domain, Task<I, O> task) {
        return runtime.solve(JobCodec.encode(domain, task, settings)).toCompletableFuture()
                .thenApply(ResultLine::of)
                .exceptionallyCompose(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof JobRefusedException refused) {
                        if (refused.refusal() == JobRegistry.Refusal.CAPACITY) {
                            // A window wider than the node's queue: wait for room, as with a server.
                            retries.incrementAndGet();
                            return CompletableFuture.supplyAsync(() -> null,
                                            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                                    .thenCompose(ignored -> attempt(domain, task));
                        }
                        if (refused.refusal() == JobRegistry.Refusal.INVALID) {
                            return CompletableFuture.completedFuture(ResultLine.error(task.id(), refused.getMessage()));
                        }
                    }
                    return CompletableFuture.failedFuture(new NotAnsweredException(
                            cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()), cause));
                });
    }

    @Override
    public String describe() {
        return "in-process";
    }

    @Override
    public long retries() {
        return retries.get();
    }

    /** Cancels what still runs and stops the node. */
    @Override
    public void close() {
        runtime.close();
    }
}
