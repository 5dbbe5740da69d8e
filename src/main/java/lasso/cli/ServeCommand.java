package lasso.cli;

import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import lasso.api.ApiSettings;
import lasso.api.LassoServer;
import lasso.runtime.LassoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

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

    @Option(names = "--roles", split = ",", paramLabel = "ROLE",
            description = "The node's cluster roles (default: akka.cluster.roles, api,model,executor): api, with any of "
                    + "executor, model (synthesizer, debugger).")
    List<String> roles;

    @Option(names = "--journal", paramLabel = "URL",
            description = "Where jobs are journaled (default: lasso.journal.url, or LASSO_JOURNAL_URL; when neither is "
                    + "set, an H2 file ~/.lasso/journal/serve-PORT, so that the node answers its jobs after a restart).")
    String journal;

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
        if (roles != null) {
            if (!roles.contains("api")) {
                throw new IllegalArgumentException("--roles: a node that serves the API has the role api");
            }
            config = ConfigFactory.empty().withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(roles))
                    .withFallback(config);
        }
        ApiSettings api = ApiSettings.from(config);
        if (port != null) {
            api = api.withPort(port);
        }
        if (host != null) {
            api = api.withHost(host);
        }
        if (journal == null && config.getString("lasso.journal.url").isEmpty() && api.port() != 0) {
            journal = "jdbc:h2:file:" + Path.of(System.getProperty("user.home"), ".lasso", "journal",
                    "serve-" + api.port()).toAbsolutePath();
        }
        if (journal != null) {
            config = ConfigFactory.empty().withValue("lasso.journal.url", ConfigValueFactory.fromAnyRef(journal))
                    .withFallback(config);
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
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
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
        System.err.printf("lasso: serving %s on %s:%d%s (node %s, roles %s, journal %s)%n",
                api.tls().enabled() ? "TLS" : "plaintext", api.host(), server.port(),
                api.requiresToken() ? " with bearer tokens" : "", Cluster.get(runtime.system()).selfMember().address(),
                config.getStringList("akka.cluster.roles"),
                config.getString("lasso.journal.url").isEmpty() ? "in memory" : config.getString("lasso.journal.url"));
        NodeOptions.announceUp(runtime);
        // A node the cluster downed (the split-brain resolver, on the minority side) has stopped its
        // actor system: it must not keep serving, so the process ends and can be started again.
        runtime.system().getWhenTerminated().thenRun(() -> {
            if (!shuttingDown.get()) {
                System.err.println("lasso: the node was removed from its cluster; exiting");
                System.exit(3);
            }
        });
        server.blockUntilShutdown();
        stopped.await();
        return 0;
    }
}
