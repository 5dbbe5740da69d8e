package lasso.cli;

import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import lasso.runtime.LassoRuntime;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A node's configuration: the embedded {@code application.conf}, a {@code --config} file over it,
 * {@code -D} system properties over that, and the command line's node options over everything.
 */
final class NodeOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "HOCON file layered over the embedded configuration (configs/cluster.conf, configs/aeron.conf).")
    Path config;

    @Option(names = "--node-host", paramLabel = "HOST", description = "The address other cluster nodes reach this one at.")
    String nodeHost;

    @Option(names = "--node-port", paramLabel = "PORT", description = "The cluster (Artery) port of this node.")
    Integer nodePort;

    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "A seed node of the cluster to join (repeatable); replaces the configured ones.")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve this node's Prometheus metrics at http://127.0.0.1:PORT/metrics (lasso.metrics).")
    Integer metricsPort;

    @Option(names = "--management-port", paramLabel = "PORT",
            description = "Akka Management's HTTP port (health checks /alive and /ready, Cluster Bootstrap's contact "
                    + "point); turns it on.")
    Integer managementPort;

    Config load() {
        Config base = ConfigFactory.load();
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException("--config: no such file: " + config);
            }
            base = ConfigFactory.systemProperties()
                    .withFallback(ConfigFactory.parseFile(config.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)))
                    .withFallback(base);
        }
        Map<String, Object> overrides = new HashMap<>();
        if (nodeHost != null) {
            overrides.put("akka.remote.artery.canonical.hostname", nodeHost);
        }
        if (nodePort != null) {
            overrides.put("akka.remote.artery.canonical.port", nodePort);
        }
        if (metricsPort != null) {
            overrides.put("lasso.metrics.enabled", true);
            overrides.put("lasso.metrics.port", metricsPort);
        }
        if (managementPort != null) {
            overrides.put("lasso.management.enabled", true);
            overrides.put("akka.management.http.port", managementPort);
        }
        if (!seeds.isEmpty()) {
            String system = base.getString("lasso.cluster.system-name");
            List<String> addresses = new ArrayList<>();
            for (String seed : seeds) {
                if (!seed.matches("[^:/@]+:\\d+")) {
                    throw new IllegalArgumentException("--join: expected HOST:PORT, got '" + seed + "'");
                }
                addresses.add("akka://" + system + "@" + seed);
            }
            overrides.put("akka.cluster.seed-nodes", addresses);
            overrides.put("lasso.cluster.join-self", false);
        }
        return ConfigFactory.parseMap(overrides).withFallback(base).resolve();
    }

    /**
     * Prints {@code lasso: node ADDRESS is Up} once the node is an Up member of its cluster (what
     * deploy/local-cluster waits for), or a warning if it is not within five minutes.
     */
    static void announceUp(LassoRuntime runtime) {
        Thread announcer = new Thread(() -> {
            try {
                runtime.awaitUp(Duration.ofMinutes(5));
                System.err.println("lasso: node " + Cluster.get(runtime.system()).selfMember().address() + " is Up");
            } catch (TimeoutException e) {
                System.err.println("lasso: warning: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lasso-up");
        announcer.setDaemon(true);
        announcer.start();
    }
}
