package lasso.api;

import io.grpc.CallCredentials;
import io.grpc.Metadata;

import java.util.concurrent.Executor;

/** A client's bearer token, sent with every call. */
public final class BearerToken extends CallCredentials {

    private final String token;

    public BearerToken(String token) {
        this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(ClientAuthentication.AUTHORIZATION, ClientAuthentication.SCHEME + " " + token);
        applier.apply(headers);
    }
}
