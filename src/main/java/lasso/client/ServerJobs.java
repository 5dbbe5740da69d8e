package lasso.client;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import lasso.api.JobRequests;
import lasso.api.LassoClient;
import lasso.api.v1.LassoGrpc;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SolveRequest;
import lasso.domain.Domain;
import lasso.domain.Task;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs through one or more Lasso servers (the API nodes of a cluster), each job one {@code Solve}
 * call carrying an idempotency key of its own, the same on every try. One gRPC channel holds every
 * endpoint ({@link LassoClient#connect}: a name resolver listing them and the round-robin balancer,
 * which sends calls only to the endpoints it is connected to and reconnects to the others in the
 * background). A server at capacity ({@code RESOURCE_EXHAUSTED}) is asked again after a backoff, as
 * long as it takes; a call that fails {@code UNAVAILABLE} (a node gone, none reachable) or
 * {@code CANCELLED} because its server is shutting down is sent again after a backoff that grows with
 * the job's failures, up to {@link RetryPolicy#maxAttempts} of them: the balancer sends it to a node
 * that answers, and when the cluster already accepted the job, the key makes that node wait on the
 * same job instead of starting a second one. A job the server rejects ({@code INVALID_ARGUMENT}) or
 * that failed there ({@code INTERNAL}) gets an error line; anything else fails with
 * {@link NotAnsweredException}.
 */
public final class ServerJobs implements Jobs {

    /** Backoffs double from {@code initial} up to {@code max}, with jitter (each is drawn in [d/2, d]). */
    public record RetryPolicy(Duration initial, Duration max, int maxAttempts) {

        public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 12);

        long backoffNanos(int failures) {
            long cap = max.toNanos();
            long delay = Math.min(cap, initial.toNanos() << Math.min(30, Math.max(0, failures - 1)));
            return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
        }
    }

    /** Extra time a Solve call gets beyond the job's own deadline (queueing, the answer's way back). */
    private static final long CALL_MARGIN_MILLIS = 30_000;

    private final String endpoints;
    private final LassoClient client;
    private final SearchOptions options;
    private final RetryPolicy policy;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lasso-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong retries = new AtomicLong();

    /**
     * @param endpoints {@code HOST:PORT[,HOST:PORT…]}: the servers
     * @param tls       how to speak TLS to them; null for plaintext
     * @throws IllegalArgumentException naming an endpoint that is not {@code HOST:PORT}
     */
    public ServerJobs(String endpoints, String token, LassoClient.Tls tls, SearchOptions options, RetryPolicy policy) {
        this.client = LassoClient.connect(endpoints, token, 64 << 20, tls);
        this.endpoints = endpoints;
        this.options = options;
        this.policy = policy;
    }

    @Override
    public <I, O> CompletableFuture<ResultLine> solve(Domain<?, I, O> domain, Task<I, O> task) {
        SolveRequest request;
        try {
            request = SolveRequest.newBuilder().setJob(JobRequests.toJob(domain.name(), task, options))
                    .setIdempotencyKey(UUID.randomUUID().toString()).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ResultLine.error(task.id(), e.getMessage()));
        }
        Call call = new Call(task.id(), request);
        attempt(call);
        return call.result;
    }

    /** One job's calls, all with its request (and so its idempotency key). */
    private static final class Call {
        final String id;
        final SolveRequest request;
        final CompletableFuture<ResultLine> result = new CompletableFuture<>();
        int unavailable;
        int busy;

        Call(String id, SolveRequest request) {
            this.id = id;
            this.request = request;
        }
    }

    private void attempt(Call call) {
        LassoGrpc.LassoStub stub = client.async();
        if (options.getDeadlineMillis() > 0) {
            stub = stub.withDeadlineAfter(options.getDeadlineMillis() + CALL_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        stub.solve(call.request, new StreamObserver<>() {
            @Override
            public void onNext(lasso.api.v1.JobResult answer) {
                call.result.complete(ResultLine.of(answer));
            }

            @Override
            public void onError(Throwable failure) {
                failed(call, Status.fromThrowable(failure), failure);
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    private void failed(Call call, Status status, Throwable failure) {
        String described = status.getCode() + ": " + status.getDescription() + " (" + endpoints + ")";
        switch (status.getCode()) {
            case RESOURCE_EXHAUSTED -> retry(call, policy.backoffNanos(++call.busy));
            case UNAVAILABLE, CANCELLED -> {
                if (status.getCode() == Status.Code.CANCELLED && !String.valueOf(status.getDescription())
                        .contains("shutting down")) {
                    call.result.complete(ResultLine.error(call.id, described));
                    return;
                }
                if (++call.unavailable >= policy.maxAttempts()) {
                    call.result.completeExceptionally(new NotAnsweredException(status.getCode().name(),
                            described + "; gave up after " + call.unavailable + " tries", failure));
                    return;
                }
                // A node that was down may be back: connect now, not on gRPC's reconnect schedule.
                client.resetConnectBackoff();
                retry(call, policy.backoffNanos(call.unavailable));
            }
            case INVALID_ARGUMENT, INTERNAL, FAILED_PRECONDITION, OUT_OF_RANGE, NOT_FOUND ->
                    call.result.complete(ResultLine.error(call.id, described));
            default -> call.result.completeExceptionally(
                    new NotAnsweredException(status.getCode().name(), described, failure));
        }
    }

    private void retry(Call call, long delayNanos) {
        retries.incrementAndGet();
        timer.schedule(() -> attempt(call), delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String describe() {
        return "through " + endpoints;
    }

    @Override
    public long retries() {
        return retries.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        client.close();
    }
}
