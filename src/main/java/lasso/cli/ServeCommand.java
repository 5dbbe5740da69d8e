package lasso.cli;

import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import lasso.api.ApiSettings;
import lasso.api.LassoServer;
import lasso.runtime.LassoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a Lasso node with the gRPC job API (lasso.v1.Lasso, health, reflection).",
                "Embedded by default: a one-node cluster with every worker. On SIGTERM it stops taking calls, "
                        + "cancels the running jobs (each caller gets its answer) and leaves the cluster.",
                "A bearer token is required when lasso.grpc.token (or the LASSO_TOKEN variable) is set; TLS with "
                        + "--tls-cert and --tls-key (lasso.grpc.tls). A non-loopback --host without a token is refused "
                        + "unless --allow-open-remote."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    NodeOptions node;

    @Option(names = "--port", paramLabel = "PORT", description = "gRPC port (default: lasso.grpc.port, 50051; 0: any free one).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", description = "gRPC address to listen on (default: lasso.grpc.host, 127.0.0.1).")
    String host;

    @Option(names = "--tls-cert", paramLabel = "CERT.pem",
            description = "The server's certificate chain (PEM): serve TLS (default: lasso.grpc.tls.cert-chain).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "KEY.pem", description = "Its PKCS#8 private key (lasso.grpc.tls.private-key).")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "CA.pem",
            description = "Require client certificates signed by this authority: mutual TLS (lasso.grpc.tls.client-ca).")
    Path tlsClientCa;

    @Option(names = "--allow-open-remote",
            description = "Serve a non-loopback --host without a bearer token (anyone who reaches it can run and cancel jobs).")
    boolean allowOpenRemote;

    @Option(names = "--grace", defaultValue = "30s", description = "At shutdown, the time jobs get to answer (default: ${DEFAULT-VALUE}).",
            converter = DurationConverter.class)
    Duration grace;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Config config = node.load();
        ApiSettings api = ApiSettings.from(config);
        if (port != null) {
            api = api.withPort(port);
        }
        if (host != null) {
            api = api.withHost(host);
        }
        if (tlsCert != null || tlsKey != null || tlsClientCa != null) {
            ApiSettings.Tls configured = api.tls();
            api = api.withTls(new ApiSettings.Tls(tlsCert != null ? tlsCert : configured.certChain(),
                    tlsKey != null ? tlsKey : configured.privateKey(),
                    tlsClientCa != null ? tlsClientCa : configured.clientCa()));
        }
        if (allowOpenRemote) {
            api = api.withAllowOpenRemote(true);
        }
        api.checkExposure(); // before the node starts: a refusal costs nothing
        LassoRuntime runtime = LassoRuntime.start(config);
        LassoServer server;
        CompletionStage<Void> ready = config.getBoolean("lasso.workers.warm-up")
                ? runtime.warmUp().whenComplete((done, failure) -> System.err.println(failure == null
                        ? "lasso: models warm; health SERVING" : "lasso: warning: " + failure.getMessage()))
                : CompletableFuture.completedFuture(null);
        try {
            server = LassoServer.listening(runtime, api).start(ready);
        } catch (IOException e) {
            runtime.close();
            throw new IOException("cannot listen on " + api.host() + ":" + api.port() + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("lasso: shutting down, cancelling running jobs");
            try {
                server.stop(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                runtime.close();
                System.err.println("lasso: stopped");
                stopped.countDown();
            }
        }, "lasso-shutdown"));
        if (!api.tls().enabled() && api.requiresToken() && !ApiSettings.loopback(api.host())) {
            System.err.println("lasso: warning: bearer tokens travel in plaintext on " + api.host()
                    + "; serve TLS (--tls-cert, --tls-key) beyond a trusted network");
        }
        System.err.printf("lasso: serving %s on %s:%d%s (node %s, roles %s)%n", api.tls().enabled() ? "TLS" : "plaintext",
                api.host(), server.port(), api.requiresToken() ? " with bearer tokens" : "",
                Cluster.get(runtime.system()).selfMember().address(), config.getStringList("akka.cluster.roles"));
        server.blockUntilShutdown();
        stopped.await();
        return 0;
    }
}
