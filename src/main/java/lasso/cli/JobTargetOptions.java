package lasso.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lasso.api.LassoClient;
import lasso.api.v1.SearchOptions;
import lasso.client.InProcessJobs;
import lasso.client.Jobs;
import lasso.client.ServerJobs;
import lasso.domain.Domain;
import lasso.runtime.JobLimits;
import lasso.runtime.LassoRuntime;
import lasso.search.Editors;
import lasso.search.Proposers;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/** Where a command's jobs run: an embedded node (configured by the node options), or Lasso servers. */
final class JobTargetOptions {

    @Option(names = "--server", paramLabel = "HOST:PORT[,HOST:PORT…]",
            description = "Run the jobs on this Lasso server, or on these API nodes of one cluster: calls spread over "
                    + "those that answer; a call refused for capacity, or that fails UNAVAILABLE (a node gone), is sent "
                    + "again after a backoff with the same idempotency key, so an accepted job is never submitted twice. "
                    + "Default: in-process.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LASSO_TOKEN}",
            description = "The servers' bearer token (default: the LASSO_TOKEN variable).")
    String token;

    @Option(names = "--proposer", paramLabel = "NAME",
            description = "In-process: the synthesizer, by factory name (neural, enumerative, generator, deepcoder, …); "
                    + "default: the best one for the domain (the shipped neural model where there is one).")
    String proposer;

    @Option(names = "--editor", paramLabel = "NAME",
            description = "In-process: the debugger, by factory name (sed, mutation); default: the best one for the "
                    + "domain (the shipped SED debugger where there is one).")
    String editor;

    @Mixin
    NodeOptions node;

    @Mixin
    ClientTlsOptions tls;

    private Config config;

    /** The node's configuration (the embedded one and the node options), read once. */
    Config config() {
        if (config == null) {
            config = node.load();
        }
        return config;
    }

    /** The longest task file line read ({@code lasso.limits.max-task-line-bytes}). */
    long maxTaskLineBytes() {
        return config().getBytes("lasso.limits.max-task-line-bytes");
    }

    /**
     * Starts the embedded node (after checking the options against its limits, named as on the
     * command line) or connects to the servers.
     */
    Jobs open(Domain<?, ?, ?> domain, SearchOptions options, SearchOptionsMixin search) {
        if (server == null) {
            search.check(options, JobLimits.from(config()));
            return new InProcessJobs(LassoRuntime.start(inProcessConfig(domain)), options);
        }
        if (proposer != null) {
            throw new IllegalArgumentException("--proposer applies to in-process runs; a server's synthesizers are "
                    + "set by its configuration (lasso.search.proposers." + domain.name() + ")");
        }
        if (editor != null) {
            throw new IllegalArgumentException("--editor applies to in-process runs; a server's debuggers are "
                    + "set by its configuration (lasso.search.editors." + domain.name() + ")");
        }
        return new ServerJobs(checkEndpoints("--server", server), token, tls.settings(), options,
                ServerJobs.RetryPolicy.DEFAULT);
    }

    /**
     * @return {@code endpoints}, once checked
     * @throws IllegalArgumentException naming the option and the endpoint that is not {@code HOST:PORT}
     */
    static String checkEndpoints(String option, String endpoints) {
        try {
            LassoClient.endpoints(endpoints);
            return endpoints;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when a number of jobs in flight is given and is not positive */
    static void checkWindow(String option, Integer given) {
        if (given != null && given < 1) {
            throw new IllegalArgumentException(option + ": at least one job must be in flight, not " + given);
        }
    }

    /** The jobs in flight at once when none is given: the node's running jobs in-process, else {@code remote}. */
    static int window(Integer given, Jobs jobs, int remote) {
        if (given != null) {
            return given;
        }
        return jobs instanceof InProcessJobs local ? local.runtime().settings().maxRunning() : remote;
    }

    private Config inProcessConfig(Domain<?, ?, ?> domain) {
        Config config = config();
        if (proposer != null) {
            Proposers.factory(domain, proposer); // an unknown name fails here, naming the known ones
            config = ConfigFactory.parseMap(Map.of("lasso.search.proposers." + domain.name(), proposer))
                    .withFallback(config);
        }
        if (editor != null) {
            Editors.factory(domain, editor); // an unknown name fails here, naming the known ones
            config = ConfigFactory.parseMap(Map.of("lasso.search.editors." + domain.name(), editor))
                    .withFallback(config);
        }
        System.err.println("synthesizer: " + Proposers.factory(domain, setting(config, "proposers", domain)).name()
                + ", debugger: " + Editors.factory(domain, setting(config, "editors", domain)).name());
        return config;
    }

    /** The configured factory name of a domain's synthesizers or debuggers ({@code kind}), or null. */
    private static String setting(Config config, String kind, Domain<?, ?, ?> domain) {
        String path = "lasso.search." + kind + "." + domain.name();
        return config.hasPath(path) ? config.getString(path) : null;
    }
}
