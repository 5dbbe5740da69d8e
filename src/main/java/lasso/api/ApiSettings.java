package lasso.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code lasso.grpc} section of the configuration.
 *
 * @param tokens                 each client's name and bearer token ({@code lasso.grpc.token} is client
 *                               {@value #DEFAULT_CLIENT}, {@code lasso.grpc.clients} names the others); when
 *                               not empty, every call must carry {@code authorization: Bearer <token>}
 * @param tls                    the server's certificate (none: plaintext)
 * @param allowOpenRemote        serve a non-loopback address without a token all the same
 */
public record ApiSettings(String host, int port, int maxMessageBytes, Map<String, String> tokens, Tls tls,
                          boolean allowOpenRemote) {

    /** The client of {@code lasso.grpc.token}. */
    public static final String DEFAULT_CLIENT = "default";

    /**
     * The server's TLS files (PEM); empty paths when TLS is off.
     *
     * @param certChain  the server's certificate chain
     * @param privateKey its private key (PKCS#8)
     * @param clientCa   when given, clients must present a certificate signed by it (mutual TLS)
     */
    public record Tls(Path certChain, Path privateKey, Path clientCa) {

        public static final Tls NONE = new Tls(null, null, null);

        public Tls {
            if ((certChain == null) != (privateKey == null)) {
                throw new IllegalArgumentException("TLS needs both a certificate chain and its private key");
            }
            if (clientCa != null && certChain == null) {
                throw new IllegalArgumentException("client certificates (a client CA) need the server's own TLS certificate");
            }
            for (Path file : new Path[] {certChain, privateKey, clientCa}) {
                if (file != null && !Files.isReadable(file)) {
                    throw new IllegalArgumentException("TLS: cannot read " + file);
                }
            }
        }

        public boolean enabled() {
            return certChain != null;
        }

        static Tls from(Config tls) {
            return new Tls(path(tls.getString("cert-chain")), path(tls.getString("private-key")),
                    path(tls.getString("client-ca")));
        }

        private static Path path(String value) {
            return value.isBlank() ? null : Path.of(value);
        }
    }

    public ApiSettings {
        tokens = Map.copyOf(tokens);
        for (Map.Entry<String, String> client : tokens.entrySet()) {
            if (client.getValue().isBlank() || !client.getValue().strip().equals(client.getValue())) {
                throw new IllegalArgumentException("lasso.grpc: the token of client '" + client.getKey()
                        + "' is empty or has spaces around it");
            }
        }
        if (tokens.values().stream().distinct().count() < tokens.size()) {
            throw new IllegalArgumentException("lasso.grpc: two clients have the same token");
        }
    }

    /** Plaintext settings with one token (or none when empty), as the tests build them. */
    public ApiSettings(String host, int port, int maxMessageBytes, String token) {
        this(host, port, maxMessageBytes, token.isEmpty() ? Map.of() : Map.of(DEFAULT_CLIENT, token), Tls.NONE, false);
    }

    public static ApiSettings from(Config config) {
        Config grpc = config.getConfig("lasso.grpc");
        Map<String, String> tokens = new LinkedHashMap<>();
        if (!grpc.getString("token").isEmpty()) {
            tokens.put(DEFAULT_CLIENT, grpc.getString("token"));
        }
        for (Map.Entry<String, ConfigValue> client : grpc.getConfig("clients").root().entrySet()) {
            tokens.put(client.getKey(), String.valueOf(client.getValue().unwrapped()));
        }
        return new ApiSettings(grpc.getString("host"), grpc.getInt("port"),
                (int) Math.min(Integer.MAX_VALUE, grpc.getBytes("max-message-bytes")), tokens,
                Tls.from(grpc.getConfig("tls")), grpc.getBoolean("allow-open-remote"));
    }

    public ApiSettings withPort(int other) {
        return new ApiSettings(host, other, maxMessageBytes, tokens, tls, allowOpenRemote);
    }

    public ApiSettings withHost(String other) {
        return new ApiSettings(other, port, maxMessageBytes, tokens, tls, allowOpenRemote);
    }

    public ApiSettings withTls(Tls other) {
        return new ApiSettings(host, port, maxMessageBytes, tokens, other, allowOpenRemote);
    }

    public ApiSettings withAllowOpenRemote(boolean allow) {
        return new ApiSettings(host, port, maxMessageBytes, tokens, tls, allow);
    }

    public boolean requiresToken() {
        return !tokens.isEmpty();
    }

    /**
     * Refuses to serve a non-loopback address to anyone at all: without a token, every job on the
     * node is open to whoever reaches it.
     *
     * @throws IllegalArgumentException saying what to do instead
     */
    public void checkExposure() {
        if (requiresToken() || allowOpenRemote || loopback(host)) {
            return;
        }
        throw new IllegalArgumentException("refusing to serve " + host + " without a bearer token: anyone who reaches "
                + "it could run and cancel jobs. Set lasso.grpc.token (or LASSO_TOKEN), or pass --allow-open-remote "
                + "(lasso.grpc.allow-open-remote = on) if the network is trusted");
    }

    /** Whether every address of {@code host} is a loopback one (an unknown name counts as not). */
    public static boolean loopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
