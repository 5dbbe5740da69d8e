package lasso.api;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import lasso.api.v1.CancelRequest;
import lasso.api.v1.GetResultRequest;
import lasso.api.v1.Job;
import lasso.api.v1.LassoGrpc;
import lasso.api.v1.SearchOptions;
import lasso.api.v1.SubmitRequest;
import lasso.domain.Task;
import lasso.runtime.KarelTasks;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that requires a bearer token: UNAUTHENTICATED without it or with a wrong one (the scheme
 * in any case); each token is a client with its own quota; health checks need none and say
 * NOT_SERVING until the node is ready; reflection lists the service. The node has no executors, so
 * its jobs run until cancelled.
 */
class GrpcAccessTest {

    private static LassoRuntime runtime;
    private static LassoServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.parseString(
                "lasso.workers.executors = 0, lasso.jobs.per-client.max-running = 1, lasso.jobs.per-client.max-queued = 0")
                .withFallback(ConfigFactory.load()));
        String name = InProcessServerBuilder.generateName();
        server = new LassoServer(InProcessServerBuilder.forName(name).directExecutor(), runtime,
                new ApiSettings("127.0.0.1", 0, 1 << 20, Map.of(ApiSettings.DEFAULT_CLIENT, "s3cret",
                        "alice", "alice-token", "bob", "bob-token"), ApiSettings.Tls.NONE, false)).start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop(Duration.ofSeconds(5));
        runtime.close();
    }

    private static final GetResultRequest UNKNOWN = GetResultRequest.newBuilder().setJobId("no-such-job").build();

    @Test
    void callsWithoutTheTokenAreUnauthenticated() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> LassoGrpc.newBlockingStub(channel).getResult(UNKNOWN));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("authorization: Bearer"), e.getMessage());
    }

    @Test
    void callsWithAWrongTokenAreUnauthenticated() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> LassoGrpc.newBlockingStub(channel)
                .withCallCredentials(new BearerToken("guess")).getResult(UNKNOWN));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    }

    @Test
    void theRightTokenGetsThrough() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> LassoGrpc.newBlockingStub(channel)
                .withCallCredentials(new BearerToken("s3cret")).getResult(UNKNOWN));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), "past authentication, the job is unknown");
    }

    private static LassoGrpc.LassoBlockingStub withHeader(String authorization) {
        Metadata headers = new Metadata();
        headers.put(ClientAuthentication.AUTHORIZATION, authorization);
        return LassoGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        for (String header : List.of("bearer s3cret", "BEARER s3cret", "Bearer  s3cret ", "bEaReR alice-token")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> withHeader(header).getResult(UNKNOWN));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), header + " gets through: " + e.getMessage());
        }
        StatusRuntimeException basic = assertThrows(StatusRuntimeException.class,
                () -> withHeader("Basic s3cret").getResult(UNKNOWN));
        assertEquals(Status.Code.UNAUTHENTICATED, basic.getStatus().getCode());
        assertTrue(basic.getStatus().getDescription().contains("'Bearer <token>'"), basic.getMessage());
    }

    /** Client alice runs one job at most and queues none here; bob's job runs beside hers all the same. */
    @Test
    void eachTokenIsAClientWithItsOwnQuota() {
        Job job = JobRequests.toJob("karel", new Task<>("t", "", KarelTasks.task(3, 0, 10).examples()),
                SearchOptions.newBuilder().setDeadlineMillis(120_000).build());
        LassoGrpc.LassoBlockingStub alice = LassoGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken("alice-token"));
        LassoGrpc.LassoBlockingStub bob = LassoGrpc.newBlockingStub(channel).withCallCredentials(new BearerToken("bob-token"));
        String first = alice.submit(SubmitRequest.newBuilder().setJob(job).build()).getJobId();
        try {
            StatusRuntimeException full = assertThrows(StatusRuntimeException.class,
                    () -> alice.submit(SubmitRequest.newBuilder().setJob(job).build()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode());
            assertTrue(full.getStatus().getDescription().contains("client alice is at its quota: 1 jobs running "
                    + "(lasso.jobs.per-client.max-running = 1) and 0 queued (lasso.jobs.per-client.max-queued = 0)"),
                    full.getMessage());
            String other = bob.submit(SubmitRequest.newBuilder().setJob(job).build()).getJobId();
            bob.cancel(CancelRequest.newBuilder().setJobId(other).build());
        } finally {
            alice.cancel(CancelRequest.newBuilder().setJobId(first).build());
        }
        // Her slot is free again.
        String again = alice.submit(SubmitRequest.newBuilder().setJob(job).build()).getJobId();
        alice.cancel(CancelRequest.newBuilder().setJobId(again).build());
    }

    @Test
    void healthSaysNotServingUntilTheNodeIsReady() throws Exception {
        String name = InProcessServerBuilder.generateName();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        // Its own node: stopping a server cancels its node's jobs and closes the node to new ones.
        LassoRuntime node = LassoRuntime.start(ConfigFactory.parseString("lasso.workers.executors = 0")
                .withFallback(ConfigFactory.load()));
        LassoServer warming = new LassoServer(InProcessServerBuilder.forName(name).directExecutor(), node,
                new ApiSettings("127.0.0.1", 0, 1 << 20, "")).start(ready);
        ManagedChannel probe = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            HealthCheckRequest lasso = HealthCheckRequest.newBuilder().setService(LassoGrpc.SERVICE_NAME).build();
            assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, HealthGrpc.newBlockingStub(probe).check(lasso).getStatus());
            ready.complete(null);
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(probe).check(lasso).getStatus());
        } finally {
            probe.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            warming.stop(Duration.ofSeconds(5));
            node.close();
        }
    }

    @Test
    void healthNeedsNoToken() {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService(LassoGrpc.SERVICE_NAME).build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
    }

    @Test
    void reflectionListsTheService() throws Exception {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withCallCredentials(new BearerToken("s3cret"))
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        List<String> services = answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                .map(service -> service.getName()).toList();
        assertTrue(services.contains("lasso.v1.Lasso"), services.toString());
    }
}
