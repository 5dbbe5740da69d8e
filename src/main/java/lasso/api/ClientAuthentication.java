package lasso.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells who calls: the client whose bearer token the call carries ({@code authorization: Bearer
 * <token>}, the scheme in any case as RFC 6750 says), put in the call's {@link #CLIENT} for the
 * per-client quotas. A server with tokens refuses other calls with UNAUTHENTICATED; a server without
 * any takes every call as client {@value #ANONYMOUS}.
 */
final class ClientAuthentication implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String SCHEME = "Bearer";
    static final String ANONYMOUS = "anonymous";
    /** The calling client's name. */
    static final Context.Key<String> CLIENT = Context.keyWithDefault("lasso-client", ANONYMOUS);

    private final Map<String, byte[]> tokens = new LinkedHashMap<>();

    /** @param tokens each client's name and token (none: every caller is anonymous) */
    ClientAuthentication(Map<String, String> tokens) {
        tokens.forEach((client, token) -> this.tokens.put(client, token.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (tokens.isEmpty()) {
            return Contexts.interceptCall(Context.current().withValue(CLIENT, ANONYMOUS), call, headers, next);
        }
        String given = headers.get(AUTHORIZATION);
        if (given == null) {
            return refuse(call, "this server needs a bearer token: send the header 'authorization: Bearer <token>'");
        }
        String value = given.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase(SCHEME)) {
            return refuse(call, "the authorization header must be 'Bearer <token>'");
        }
        byte[] token = value.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
        String client = null;
        // Every token is compared, each in constant time, so that timing tells neither how much of a
        // guess was right nor which client's token it came close to.
        for (Map.Entry<String, byte[]> known : tokens.entrySet()) {
            if (MessageDigest.isEqual(known.getValue(), token)) {
                client = known.getKey();
            }
        }
        if (client == null) {
            return refuse(call, "the bearer token is not one of this server's");
        }
        return Contexts.interceptCall(Context.current().withValue(CLIENT, client), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
        call.close(Status.UNAUTHENTICATED.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
