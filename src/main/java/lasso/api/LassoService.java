package lasso.api;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import lasso.api.v1.CancelRequest;
import lasso.api.v1.CancelResponse;
import lasso.api.v1.GetResultRequest;
import lasso.api.v1.Job;
import lasso.api.v1.JobEvent;
import lasso.api.v1.LassoGrpc;
import lasso.api.v1.ListJobsRequest;
import lasso.api.v1.ListJobsResponse;
import lasso.api.v1.SolveRequest;
import lasso.api.v1.SubmitRequest;
import lasso.api.v1.SubmitResponse;
import lasso.api.v1.WatchRequest;
import lasso.runtime.JobResult;
import lasso.runtime.JobSpec;
import lasso.runtime.LassoRuntime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code lasso.v1.Lasso} service on a node's job runtime. Jobs are submitted as the calling
 * client ({@link ClientAuthentication}), within its quota; every request is checked against the
 * node's limits before anything is decoded.
 */
final class LassoService extends LassoGrpc.LassoImplBase {

    private static final int MAX_KEY_CHARS = 256;

    private final LassoRuntime runtime;
    /** Solve calls waiting for their job's result; whoever removes one answers it. */
    private final Set<StreamObserver<lasso.api.v1.JobResult>> solving = ConcurrentHashMap.newKeySet();
    private volatile boolean handingOver;

    LassoService(LassoRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> responses) {
        String client = ClientAuthentication.CLIENT.get();
        spec(request.getJob())
                .thenCompose(spec -> runtime.submit(spec, client, key(request.getIdempotencyKey())))
                .whenComplete((jobId, failure) -> {
                    if (failure != null) {
                        responses.onError(Statuses.of(failure));
                    } else {
                        responses.onNext(SubmitResponse.newBuilder().setJobId(jobId).build());
                        responses.onCompleted();
                    }
                });
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<JobEvent> events) {
        if (refusedId(request.getJobId(), events)) {
            return;
        }
        EventStream stream = new EventStream((ServerCallStreamObserver<JobEvent>) events);
        LassoRuntime.Watch watch = runtime.watch(request.getJobId(), stream::offer);
        ((ServerCallStreamObserver<JobEvent>) events).setOnCancelHandler(watch.stop());
        watch.current().whenComplete((current, failure) -> {
            if (failure != null) {
                stream.fail(failure);
            } else if (current.isEmpty()) {
                stream.fail(Statuses.unknownJob(request.getJobId()));
            }
        });
    }

    @Override
    public void getResult(GetResultRequest request, StreamObserver<lasso.api.v1.JobResult> responses) {
        if (refusedId(request.getJobId(), responses)) {
            return;
        }
        runtime.result(request.getJobId()).whenComplete((result, failure) -> {
            if (failure != null) {
                responses.onError(Statuses.of(failure));
            } else if (result.isEmpty()) {
                responses.onError(Statuses.unknownJob(request.getJobId()));
            } else {
                responses.onNext(JobResults.toProto(result.get()));
                responses.onCompleted();
            }
        });
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelResponse> responses) {
        if (refusedId(request.getJobId(), responses)) {
            return;
        }
        runtime.cancel(request.getJobId()).whenComplete((result, failure) -> {
            if (failure != null) {
                responses.onError(Statuses.of(failure));
            } else if (result.isEmpty()) {
                responses.onError(Statuses.unknownJob(request.getJobId()));
            } else {
                responses.onNext(CancelResponse.newBuilder().setState(JobResults.state(result.get().state())).build());
                responses.onCompleted();
            }
        });
    }

    /**
     * Submits and waits. When the call ends first (its deadline passed, the client went away), the
     * job is cancelled; the client then sees DEADLINE_EXCEEDED or CANCELLED from gRPC itself. When
     * the node hands its jobs over as it stops ({@link #handOver}), the call ends UNAVAILABLE and the
     * job goes on.
     */
    @Override
    public void solve(SolveRequest request, StreamObserver<lasso.api.v1.JobResult> responses) {
        Context call = Context.current();
        String client = ClientAuthentication.CLIENT.get();
        solving.add(responses);
        spec(request.getJob())
                .thenCompose(spec -> runtime.submit(spec, client, key(request.getIdempotencyKey())))
                .thenCompose(jobId -> {
                    call.addListener(ended -> {
                        if (!handingOver) {
                            runtime.cancel(jobId);
                        }
                    }, Runnable::run);
                    return runtime.awaitResult(jobId);
                })
                .whenComplete((result, failure) -> {
                    if (!solving.remove(responses)) {
                        return;
                    }
                    if (failure != null) {
                        responses.onError(Statuses.of(failure));
                    } else {
                        answer(result, responses);
                    }
                });
    }

    /**
     * The node stops and leaves its jobs to the cluster and the journal: the Solve calls waiting here
     * end UNAVAILABLE, so that their clients ask another API node with the same idempotency key and
     * wait there on the same jobs, which are not cancelled.
     */
    void handOver() {
        handingOver = true;
        for (StreamObserver<lasso.api.v1.JobResult> waiting : List.copyOf(solving)) {
            if (solving.remove(waiting)) {
                waiting.onError(Status.UNAVAILABLE.withDescription("the server is shutting down; its jobs go on in the "
                        + "cluster: send the call again to another API node with the same idempotency key")
                        .asRuntimeException());
            }
        }
    }

    @Override
    public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
        JobPages.Query query;
        try {
            query = JobPages.query(request);
        } catch (IllegalArgumentException e) {
            responses.onError(Statuses.of(e));
            return;
        }
        runtime.list(query.limit(), query.before(), query.states()).whenComplete((listed, failure) -> {
            if (failure != null) {
                responses.onError(Statuses.of(failure));
            } else {
                responses.onNext(JobPages.response(listed));
                responses.onCompleted();
            }
        });
    }

    private static void answer(JobResult result, StreamObserver<lasso.api.v1.JobResult> responses) {
        switch (result.state()) {
            case CANCELLED -> responses.onError(Status.CANCELLED
                    .withDescription("job " + result.jobId() + " was cancelled: " + result.message()).asRuntimeException());
            case FAILED -> responses.onError(Status.INTERNAL
                    .withDescription("job " + result.jobId() + " failed: " + result.message()).asRuntimeException());
            default -> {
                responses.onNext(JobResults.toProto(result));
                responses.onCompleted();
            }
        }
    }

    /** The client's idempotency key, checked like an id (a bounded length). */
    private static String key(String key) {
        if (key.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("idempotency_key: at most " + MAX_KEY_CHARS + " characters, not "
                    + key.length());
        }
        return key;
    }

    private CompletionStage<JobSpec> spec(Job job) {
        try {
            return CompletableFuture.completedFuture(JobRequests.toSpec(job, runtime.settings().defaults(),
                    runtime.limits()));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Answers INVALID_ARGUMENT for a job id no job can have; whether it did. */
    private static boolean refusedId(String jobId, StreamObserver<?> responses) {
        try {
            JobRequests.jobId(jobId);
            return false;
        } catch (IllegalArgumentException e) {
            responses.onError(Statuses.of(e));
            return true;
        }
    }
}
