package lasso.api;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import lasso.api.v1.LassoGrpc;
import lasso.runtime.LassoRuntime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gRPC server of a node: the Lasso service, the standard health service (not behind the token,
 * so that probes work) and server reflection.
 */
public final class LassoServer {

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final LassoRuntime runtime;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** A server built on {@code builder}; tests pass an in-process one. */
    public LassoServer(ServerBuilder<?> builder, LassoRuntime runtime, ApiSettings settings) {
        this.runtime = runtime;
        this.server = builder
                .maxInboundMessageSize(settings.maxMessageBytes())
                .addService(guarded(new LassoService(runtime), settings))
                .addService(guarded(ProtoReflectionServiceV1.newInstance(), settings))
                .addService(health.getHealthService())
                .build();
    }

    /** A server on the configured host and port (port 0: any free one). */
    public static LassoServer listening(LassoRuntime runtime, ApiSettings settings) {
        return new LassoServer(NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port())),
                runtime, settings);
    }

    private static ServerServiceDefinition guarded(BindableService service, ApiSettings settings) {
        return settings.requiresToken()
                ? ServerInterceptors.intercept(service, new BearerTokenInterceptor(settings.token()))
                : service.bindService();
    }

    public LassoServer start() throws IOException {
        server.start();
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(LassoGrpc.SERVICE_NAME, ServingStatus.SERVING);
        return this;
    }

    /** The port it listens on (for a server started on port 0). */
    public int port() {
        return server.getPort();
    }

    /**
     * Stops taking calls, cancels every job (so that each waiting Solve and Watch gets its answer),
     * then stops the server, forcing it after {@code grace}. The runtime stays up for its owner to close.
     * A second call waits for the first to finish.
     */
    public void stop(Duration grace) throws InterruptedException {
        if (!stopping.compareAndSet(false, true)) {
            server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            runtime.closeJobs("the server is shutting down", grace).toCompletableFuture()
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            runtime.system().log().warn("jobs still running when the server stopped: {}", e.toString());
        }
        if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
            server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }
}
