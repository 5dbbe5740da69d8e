package lasso.api;

import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
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
import io.grpc.stub.StreamObserver;
import lasso.api.v1.GetResultRequest;
import lasso.api.v1.LassoGrpc;
import lasso.runtime.LassoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that requires a bearer token: UNAUTHENTICATED without it or with a wrong one; health
 * checks need none; reflection lists the service.
 */
class GrpcAccessTest {

    private static LassoRuntime runtime;
    private static LassoServer server;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.load());
        String name = InProcessServerBuilder.generateName();
        server = new LassoServer(InProcessServerBuilder.forName(name).directExecutor(), runtime,
                new ApiSettings("127.0.0.1", 0, 1 << 20, "s3cret")).start();
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
