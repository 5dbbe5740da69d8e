package lasso.api;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Several API nodes as one gRPC target, {@code lasso-endpoints:///host1:port1,host2:port2}: the channel's
 * round-robin balancer spreads calls over the nodes that answer and leaves a node that stops, so a
 * client keeps working while one API node is down (a call in flight on it fails UNAVAILABLE, and
 * the client retries it on the others).
 */
final class EndpointList extends NameResolverProvider {

    static final String SCHEME = "lasso-endpoints";

    static {
        NameResolverRegistry.getDefaultRegistry().register(new EndpointList());
    }

    /** The channel target of {@code host:port[,host:port…]}, checked. */
    static String target(String endpoints) {
        return SCHEME + ":///" + String.join(",", LassoClient.endpoints(endpoints));
    }

    /** @throws IllegalArgumentException naming the endpoint that is not {@code host:port} */
    static List<InetSocketAddress> parse(String endpoints) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String endpoint : endpoints.split(",")) {
            String trimmed = endpoint.trim();
            int colon = trimmed.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(trimmed.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("expected HOST:PORT[,HOST:PORT…], got '" + trimmed + "'");
            }
            addresses.add(InetSocketAddress.createUnresolved(trimmed.substring(0, colon), port));
        }
        return addresses;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    public NameResolver newNameResolver(URI target, NameResolver.Args args) {
        if (!SCHEME.equals(target.getScheme())) {
            return null;
        }
        List<InetSocketAddress> addresses = parse(target.getPath().substring(1));
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            groups.add(new EquivalentAddressGroup(new InetSocketAddress(address.getHostString(), address.getPort())));
        }
        // The authority a TLS client checks the servers' certificate against: the nodes of one
        // cluster share one name.
        String authority = addresses.get(0).getHostString() + ":" + addresses.get(0).getPort();
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return authority;
            }

            @Override
            public void start(Listener2 listener) {
                listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
            }

            @Override
            public void shutdown() {
            }
        };
    }
}
