package lasso.cli;

import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import lasso.runtime.LassoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "worker",
        mixinStandardHelpOptions = true,
        description = {
                "Runs a node without the job API that joins a cluster and adds workers to it (executors by default).",
                "Coordinators find the new workers through the Receptionist and use them at once; nothing else "
                        + "changes. Example: ./lasso worker --config configs/cluster.conf --node-port 25521"})
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    NodeOptions node;

    @Option(names = "--roles", split = ",", paramLabel = "ROLE",
            description = "Workers to run: executor (executors and the jobs' frontier shards), model (synthesizers and "
                    + "debuggers with their networks), or synthesizer, debugger alone (default: ${DEFAULT-VALUE}).",
            defaultValue = "executor")
    List<String> roles;

    @Override
    public Integer call() throws Exception {
        for (String role : roles) {
            if (!List.of("executor", "model", "synthesizer", "debugger").contains(role)) {
                throw new IllegalArgumentException("--roles: unknown role '" + role
                        + "' (known: executor, model, synthesizer, debugger)");
            }
        }
        Config config = ConfigFactory.empty()
                .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(roles))
                .withFallback(node.load());
        if (config.getStringList("akka.cluster.seed-nodes").isEmpty() && !config.getBoolean("lasso.cluster.bootstrap")) {
            throw new IllegalArgumentException("a worker joins a cluster: give --join HOST:PORT or a --config with seed "
                    + "nodes or Cluster Bootstrap (configs/bootstrap-local.conf)");
        }
        LassoRuntime runtime = LassoRuntime.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "lasso-shutdown"));
        System.err.printf("lasso: worker node %s with roles %s, joining %s%n",
                Cluster.get(runtime.system()).selfMember().address(), roles,
                config.getBoolean("lasso.cluster.bootstrap") ? "through Cluster Bootstrap"
                        : config.getStringList("akka.cluster.seed-nodes"));
        if (config.getBoolean("lasso.workers.warm-up")) {
            runtime.warmUp().whenComplete((done, failure) -> System.err.println(failure == null
                    ? "lasso: models warm" : "lasso: warning: " + failure.getMessage()));
        }
        NodeOptions.announceUp(runtime);
        runtime.system().getWhenTerminated().toCompletableFuture().get(Long.MAX_VALUE, TimeUnit.DAYS);
        return 0;
    }
}
