package lasso.runtime;

import akka.actor.typed.ActorSystem;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;

/**
 * Akka Management on a node: the HTTP endpoint with the health checks ({@code /alive}, {@code /ready}:
 * an Up cluster member) and cluster information, and Cluster Bootstrap, which forms or joins the
 * cluster from the nodes that service discovery lists (Kubernetes API in {@code deploy/k8s}, a fixed
 * list in {@code configs/bootstrap-local.conf}) instead of seed nodes.
 */
final class Management {

    private Management() {
    }

    /** Starts what {@code lasso.management.enabled} and {@code lasso.cluster.bootstrap} ask for. */
    static void start(ActorSystem<?> system, Config config) {
        boolean bootstrap = config.getBoolean("lasso.cluster.bootstrap");
        if (bootstrap && !config.getStringList("akka.cluster.seed-nodes").isEmpty()) {
            throw new IllegalArgumentException("lasso.cluster.bootstrap is on and akka.cluster.seed-nodes are set: "
                    + "a node joins by one or the other");
        }
        if (config.getBoolean("lasso.management.enabled") || bootstrap) {
            AkkaManagement.get(system).start();
        }
        if (bootstrap) {
            ClusterBootstrap.get(system).start();
        }
    }
}
