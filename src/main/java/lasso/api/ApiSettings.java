package lasso.api;

import com.typesafe.config.Config;

/**
 * The {@code lasso.grpc} section of the configuration.
 *
 * @param token when not empty, every call must carry {@code authorization: Bearer <token>}
 */
public record ApiSettings(String host, int port, int maxMessageBytes, String token) {

    public static ApiSettings from(Config config) {
        Config grpc = config.getConfig("lasso.grpc");
        return new ApiSettings(grpc.getString("host"), grpc.getInt("port"),
                (int) Math.min(Integer.MAX_VALUE, grpc.getBytes("max-message-bytes")), grpc.getString("token"));
    }

    public ApiSettings withPort(int other) {
        return new ApiSettings(host, other, maxMessageBytes, token);
    }

    public boolean requiresToken() {
        return !token.isEmpty();
    }
}
