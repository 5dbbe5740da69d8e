package lasso.api;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import lasso.api.v1.LassoGrpc;

import java.util.concurrent.TimeUnit;

/** A connection to a Lasso server (plaintext; with a bearer token when given one). */
public final class LassoClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final LassoGrpc.LassoBlockingStub blocking;
    private final LassoGrpc.LassoStub async;

    public LassoClient(ManagedChannel channel, String token) {
        this.channel = channel;
        LassoGrpc.LassoBlockingStub blockingStub = LassoGrpc.newBlockingStub(channel);
        LassoGrpc.LassoStub asyncStub = LassoGrpc.newStub(channel);
        if (token != null && !token.isEmpty()) {
            blockingStub = blockingStub.withCallCredentials(new BearerToken(token));
            asyncStub = asyncStub.withCallCredentials(new BearerToken(token));
        }
        this.blocking = blockingStub;
        this.async = asyncStub;
    }

    /**
     * Connects to {@code host:port}, or to several API nodes of one cluster, {@code host:port,host:port}
     * (calls spread over those that answer; see {@link EndpointList}).
     */
    public static LassoClient connect(String endpoints, String token, int maxMessageBytes) {
        return new LassoClient(ManagedChannelBuilder.forTarget(EndpointList.target(endpoints))
                .defaultLoadBalancingPolicy("round_robin")
                .usePlaintext()
                .maxInboundMessageSize(maxMessageBytes).build(), token);
    }

    public LassoGrpc.LassoBlockingStub blocking() {
        return blocking;
    }

    public LassoGrpc.LassoStub async() {
        return async;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
