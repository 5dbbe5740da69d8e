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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs through one or more Lasso servers (the API nodes of a cluster), each job one {@code Solve}
 * call. Calls go round-robin over the endpoints that answer. A server at capacity
 * ({@code RESOURCE_EXHAUSTED}) is asked again after a backoff, as long as it takes; an unreachable
 * or departing one ({@code UNAVAILABLE}, or {@code CANCELLED} because it is shutting down) is left
 * alone for a backoff that grows with its consecutive failures, and the job goes to another endpoint
 * at once, or to the first to come back when all are down, up to {@link RetryPolicy#maxAttempts}
 * such failures per job. A job the server rejects ({@code INVALID_ARGUMENT}) or that failed there
 * ({@code INTERNAL}) gets an error line; anything else fails with {@link NotAnsweredException}.
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

    private static final class Endpoint {
        final String target;
        final LassoClient client;
        int failures;
        long downUntilNanos;

        Endpoint(String target, String token, LassoClient.Tls tls) {
            this.target = target;
            this.client = LassoClient.connect(target, token, 64 << 20, tls);
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();
    private final SearchOptions options;
    private final RetryPolicy policy;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lasso-retry");
        thread.setDaemon(true);
        return thread;
    });
    private int rotation;
    private final AtomicLong retries = new AtomicLong();

    /**
     * @param targets {@code HOST:PORT} of each server
     * @param tls     how to speak TLS to them; null for plaintext
     * @throws IllegalArgumentException when there is none or one is not {@code HOST:PORT}
     */
    public ServerJobs(List<String> targets, String token, LassoClient.Tls tls, SearchOptions options,
                      RetryPolicy policy) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--server: give at least one HOST:PORT");
        }
        for (String target : targets) {
            if (!target.matches("[^:/,\\s]+:\\d{1,5}")) {
                throw new IllegalArgumentException("--server: expected HOST:PORT, got '" + target + "'");
            }
        }
        targets.forEach(target -> endpoints.add(new Endpoint(target, token, tls)));
        this.options = options;
        this.policy = policy;
    }

    /** {@code HOST:PORT[,HOST:PORT…]} as a list. */
    public static List<String> targets(String list) {
        List<String> targets = new ArrayList<>();
        for (String target : list.split(",")) {
            if (!target.isBlank()) {
                targets.add(target.strip());
            }
        }
        return targets;
    }

    @Override
    public <I, O> CompletableFuture<ResultLine> solve(Domain<?, I, O> domain, Task<I, O> task) {
        SolveRequest request;
        try {
            request = SolveRequest.newBuilder().setJob(JobRequests.toJob(domain.name(), task, options)).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ResultLine.error(task.id(), e.getMessage()));
        }
        Call call = new Call(task.id(), request);
        attempt(call);
        return call.result;
    }

    /** One job's calls. */
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
        Endpoint endpoint = pick();
        if (endpoint == null) {
            long wait;
            synchronized (this) {
                wait = endpoints.stream().mapToLong(e -> e.downUntilNanos).min().orElse(0) - System.nanoTime();
            }
            timer.schedule(() -> attempt(call), Math.max(1, wait), TimeUnit.NANOSECONDS);
            return;
        }
        LassoGrpc.LassoStub stub = endpoint.client.async();
        if (options.getDeadlineMillis() > 0) {
            stub = stub.withDeadlineAfter(options.getDeadlineMillis() + CALL_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
        }
        stub.solve(call.request, new StreamObserver<>() {
            @Override
            public void onNext(lasso.api.v1.JobResult answer) {
                answered(endpoint);
                call.result.complete(ResultLine.of(answer));
            }

            @Override
            public void onError(Throwable failure) {
                failed(call, endpoint, Status.fromThrowable(failure), failure);
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    /** The next endpoint in turn that is not resting after failures; null when all are. */
    private synchronized Endpoint pick() {
        long now = System.nanoTime();
        int start = Math.floorMod(rotation++, endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get((start + i) % endpoints.size());
            if (endpoint.downUntilNanos - now <= 0) {
                if (endpoint.failures > 0) {
                    endpoint.client.resetConnectBackoff();  // it may be back: try now, not on gRPC's schedule
                }
                return endpoint;
            }
        }
        return null;
    }

    private synchronized void answered(Endpoint endpoint) {
        endpoint.failures = 0;
        endpoint.downUntilNanos = 0;
    }

    private void failed(Call call, Endpoint endpoint, Status status, Throwable failure) {
        String described = status.getCode() + ": " + status.getDescription() + " (" + endpoint.target + ")";
        switch (status.getCode()) {
            case RESOURCE_EXHAUSTED -> {
                call.busy++;
                retries.incrementAndGet();
                timer.schedule(() -> attempt(call), policy.backoffNanos(call.busy), TimeUnit.NANOSECONDS);
            }
            case UNAVAILABLE, CANCELLED -> {
                if (status.getCode() == Status.Code.CANCELLED && !String.valueOf(status.getDescription())
                        .contains("shutting down")) {
                    call.result.complete(ResultLine.error(call.id, described));
                    return;
                }
                synchronized (this) {
                    endpoint.failures++;
                    endpoint.downUntilNanos = System.nanoTime() + policy.backoffNanos(endpoint.failures);
                }
                if (++call.unavailable >= policy.maxAttempts()) {
                    call.result.completeExceptionally(new NotAnsweredException(status.getCode().name(),
                            described + "; gave up after " + call.unavailable + " tries", failure));
                    return;
                }
                retries.incrementAndGet();
                attempt(call);
            }
            case INVALID_ARGUMENT, INTERNAL, FAILED_PRECONDITION, OUT_OF_RANGE, NOT_FOUND ->
                    call.result.complete(ResultLine.error(call.id, described));
            default -> call.result.completeExceptionally(
                    new NotAnsweredException(status.getCode().name(), described, failure));
        }
    }

    @Override
    public String describe() {
        return "through " + String.join(",", endpoints.stream().map(e -> e.target).toList());
    }

    @Override
    public long retries() {
        return retries.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        endpoints.forEach(endpoint -> endpoint.client.close());
    }
}
