package lasso.api;

import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import lasso.api.v1.LassoGrpc;
import lasso.runtime.LassoRuntime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gRPC server of a node: the Lasso service, the standard health service (not behind the token,
 * so that probes work; NOT_SERVING until the node's models are warm) and server reflection, over
 * TLS when configured (with client certificates when a client CA is given).
 */
public final class LassoServer {

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final LassoRuntime runtime;
    private final LassoService service;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /** A server built on {@code builder}; tests pass an in-process one. */
    public LassoServer(ServerBuilder<?> builder, LassoRuntime runtime, ApiSettings settings) {
        this.runtime = runtime;
        this.service = new LassoService(runtime);
        this.server = builder
                .maxInboundMessageSize(settings.maxMessageBytes())
                .addService(guarded(service, settings))
                .addService(guarded(ProtoReflectionServiceV1.newInstance(), settings))
                .addService(health.getHealthService())
                .build();
    }

    /**
     * A server on the configured host and port (port 0: any free one), with TLS when configured.
     *
     * @throws IllegalArgumentException for a non-loopback host without a token (unless allowed) or
     *                                  unreadable TLS files
     */
    public static LassoServer listening(LassoRuntime runtime, ApiSettings settings) throws IOException {
        settings.checkExposure();
        return new LassoServer(NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()),
                credentials(settings.tls())), runtime, settings);
    }

    private static ServerCredentials credentials(ApiSettings.Tls tls) throws IOException {
        if (!tls.enabled()) {
            return InsecureServerCredentials.create();
        }
        TlsServerCredentials.Builder credentials = TlsServerCredentials.newBuilder();
        try {
            credentials.keyManager(tls.certChain().toFile(), tls.privateKey().toFile());
            if (tls.clientCa() != null) {
                credentials.trustManager(tls.clientCa().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read the TLS files (" + tls.certChain() + ", " + tls.privateKey()
                    + (tls.clientCa() != null ? ", " + tls.clientCa() : "") + "): " + e.getMessage(), e);
        }
        return credentials.build();
    }

    /** Every service but health learns who calls, and refuses a wrong token. */
    private static ServerServiceDefinition guarded(BindableService service, ApiSettings settings) {
        return ServerInterceptors.intercept(service, new ClientAuthentication(settings.tokens()));
    }

    /** Starts serving, and says SERVING to health checks at once. */
    public LassoServer start() throws IOException {
        return start(CompletableFuture.completedFuture(null));
    }

    /**
     * Starts serving; health checks hear NOT_SERVING until {@code ready} completes (the node's models
     * are loaded and warm), then SERVING. Jobs are taken meanwhile; they wait for the models.
     */
    public LassoServer start(CompletionStage<?> ready) throws IOException {
        health.setStatus("", ServingStatus.NOT_SERVING);
        health.setStatus(LassoGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
        server.start();
        ready.whenComplete((done, failure) -> {
            if (failure != null) {
                runtime.system().log().warn("warming the models failed; serving without: {}", failure.toString());
            }
            health.setStatus("", ServingStatus.SERVING);
            health.setStatus(LassoGrpc.SERVICE_NAME, ServingStatus.SERVING);
        });
        return this;
    }

    /** The port it listens on (for a server started on port 0). */
    public int port() {
        return server.getPort();
    }

    /**
     * Stops taking calls, then, as {@code lasso.jobs.on-close} says, cancels every job (so that each
     * waiting Solve and Watch gets its answer) or hands them over to the cluster and the journal (the
     * waiting Solve calls end UNAVAILABLE, for their clients to ask another API node with the same
     * idempotency key), then stops the server, forcing it after {@code grace}. The runtime stays up
     * for its owner to close. A second call waits for the first to finish.
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
        if (runtime.settings().handOverOnClose()) {
            service.handOver();
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
