package lasso.api;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import lasso.api.v1.LassoGrpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A connection to a Lasso server (plaintext or TLS; with a bearer token when given one). */
public final class LassoClient implements AutoCloseable {

    /**
     * How a client speaks TLS; null files take the defaults.
     *
     * @param ca          the certificate authority that signed the server's certificate (null: the JVM's trust store)
     * @param certificate the client's own certificate chain, for a server that asks for one (mutual TLS)
     * @param key         its PKCS#8 private key
     */
    public record Tls(Path ca, Path certificate, Path key) {

        public Tls {
            if ((certificate == null) != (key == null)) {
                throw new IllegalArgumentException("a client certificate needs its private key, and the other way round");
            }
        }
    }

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

    /** Connects to {@code host:port} (or several, see below) in plaintext. */
    public static LassoClient connect(String endpoints, String token, int maxMessageBytes) {
        return connect(endpoints, token, maxMessageBytes, null);
    }

    /**
     * Connects to {@code host:port}, or to several API nodes of one cluster, {@code host:port,host:port}
     * (calls spread over those that answer; see {@link EndpointList}; over TLS, the first endpoint's
     * host is the name the servers' certificate must hold), over TLS unless {@code tls} is null.
     *
     * @throws UncheckedIOException     when a TLS file cannot be read
     * @throws IllegalArgumentException naming an endpoint that is not {@code host:port}
     */
    public static LassoClient connect(String endpoints, String token, int maxMessageBytes, Tls tls) {
        List<String> checked = endpoints(endpoints);
        String target = checked.size() > 1 ? EndpointList.target(endpoints) : checked.get(0);
        return new LassoClient(Grpc.newChannelBuilder(target, credentials(tls))
                .defaultLoadBalancingPolicy("round_robin")
                .maxInboundMessageSize(maxMessageBytes).build(), token);
    }

    /**
     * The endpoints of {@code host:port[,host:port…]}, checked.
     *
     * @throws IllegalArgumentException naming the first that is not {@code host:port}
     */
    public static List<String> endpoints(String endpoints) {
        return EndpointList.parse(endpoints).stream().map(a -> a.getHostString() + ":" + a.getPort()).toList();
    }

    private static ChannelCredentials credentials(Tls tls) {
        if (tls == null) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
        try {
            if (tls.ca() != null) {
                credentials.trustManager(tls.ca().toFile());
            }
            if (tls.certificate() != null) {
                credentials.keyManager(tls.certificate().toFile(), tls.key().toFile());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("cannot read the TLS files: " + e.getMessage(), e));
        }
        return credentials.build();
    }

    public LassoGrpc.LassoBlockingStub blocking() {
        return blocking;
    }

    public LassoGrpc.LassoStub async() {
        return async;
    }

    /** Tries to connect now when the channel is waiting to reconnect (a server that may be back). */
    public void resetConnectBackoff() {
        channel.resetConnectBackoff();
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
