package lasso.cli;

import lasso.api.LassoClient;
import lasso.api.v1.JobResult;
import lasso.api.v1.SearchOptions;
import lasso.bench.BasePorts;
import lasso.bench.NodeProcess;
import lasso.bench.PortTakenException;
import lasso.domain.Task;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.runtime.KarelTasks;
import lasso.search.Editors;
import lasso.search.Evaluator;
import lasso.search.Proposers;
import lasso.search.Search;
import lasso.search.SearchRunner;
import lasso.search.SearchSettings;
import lasso.search.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static lasso.cli.ClusterJobs.awaitAll;
import static lasso.cli.ClusterJobs.awaitRunAgain;
import static lasso.cli.ClusterJobs.everyNodeListsEveryJob;
import static lasso.cli.ClusterJobs.submitRunning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Lasso cluster of four JVMs on loopback (two API nodes, two workers; lock-step frontier shards)
 * with its journal on the local PostgreSQL server that {@code deploy/local-cluster} starts, started
 * once for the class: a job spread over the cluster finds what the one-thread search finds and
 * evaluates no program twice; then nodes are lost to {@code kill -9} while jobs run, a shard's node
 * first and then the node running a job's coordinator, and every accepted job is still answered,
 * through another API node. The split-brain resolver keeps the majority side alive: the survivors of
 * each kill are still running at the end. Each API node lists every job (ListJobs), those accepted
 * by the other and those that outlived the node that ran them. ({@link AsyncClusterKillTest}: the
 * async frontier on an H2 server.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterKillTest {

    private static Path dir;
    private static LocalNodes cluster;
    private static NodeProcess api1;
    private static NodeProcess api2;
    private static NodeProcess worker1;
    private static NodeProcess worker2;
    private static LassoClient client;

    /**
     * Starts PostgreSQL through {@code deploy/local-cluster} at base + 99, from another base while another
     * process holds that port ({@link BasePorts}, as {@link LocalNodes} does for the nodes); returns the base.
     */
    private static int startJournal() throws Exception {
        BasePorts bases = new BasePorts(ClusterJobs.basePorts(ClusterJobs.basePort()));
        return bases.use("ClusterKillTest's PostgreSQL", base -> {
            Process journal = new ProcessBuilder("deploy/local-cluster", "start", "--api", "0", "--workers", "0",
                    "--models", "0", "--journal", "postgres", "--base-port", String.valueOf(base), "--dir",
                    dir.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("local-cluster.log").toFile()).start();
            boolean started = journal.waitFor(5, TimeUnit.MINUTES) && journal.exitValue() == 0;
            String log = Files.readString(dir.resolve("local-cluster.log"));
            if (!started && log.contains("Address already in use")) {
                throw new PortTakenException(base + 99, log);
            }
            assertTrue(started, "deploy/local-cluster started PostgreSQL: " + log);
            return base;
        });
    }

    @BeforeAll
    static void start() throws Exception {
        dir = ClusterJobs.folder();
        int base = startJournal();
        cluster = new LocalNodes(dir, Files.readString(dir.resolve("journal-url")).trim(), 2);
        cluster.start(ClusterJobs.basePorts(base), LocalNodes.Node.api("api-1", "model,executor"),
                LocalNodes.Node.api("api-2", "model,executor"), LocalNodes.Node.worker("worker-1", "executor"),
                LocalNodes.Node.worker("worker-2", "executor"));
        api1 = cluster.node("api-1");
        api2 = cluster.node("api-2");
        worker1 = cluster.node("worker-1");
        worker2 = cluster.node("worker-2");
        client = LassoClient.connect(api1.endpoint() + "," + api2.endpoint(), "", 1 << 24);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (dir != null) {
                new ProcessBuilder("deploy/local-cluster", "stop", "--dir", dir.toString()).inheritIO().start()
                        .waitFor(2, TimeUnit.MINUTES);
                ClusterJobs.delete(dir);
            }
        }
    }

    /** Best-first with two expansions a round: the same answer and counts as in one thread, no duplicate. */
    @Test
    @Order(1)
    void aSpreadJobFindsWhatOneThreadFindsAndEvaluatesNoProgramTwice() throws Exception {
        TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> generated = KarelTasks.task(6, 1, 16);
        SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 200, 20_000, 600_000, 64, 16, 5, 2);
        Search<KarelProgram> plain = new SearchRunner<>(
                new Evaluator<>(KarelTasks.KAREL, KarelTasks.given(generated), KarelTasks.heldout(generated)),
                Proposers.create(KarelTasks.KAREL, "enumerative"), Editors.create(KarelTasks.KAREL, null)).run(settings);
        SearchOptions options = SearchOptions.newBuilder().setStrategy(lasso.api.v1.Strategy.BEST_FIRST)
                .setMaxExpansions(200).setMaxEvaluated(20_000).setDeadlineMillis(600_000).setBatchSize(64)
                .setEditsPerExpansion(16).setSeed(5).setExpansionsPerRound(2).build();
        Task<KarelGrid, KarelGrid> task = new Task<>("spread", "", generated.examples());
        String id = ClusterJobs.submit(client, task, options);
        JobResult spread = awaitAll(client, List.of(id)).get(0);
        assertEquals(plain.stopReason().name(), spread.getStopReason().name());
        assertEquals(plain.best().map(b -> KarelTasks.KAREL.print(b.program())).orElse(""), spread.getProgram());
        assertEquals(plain.evaluated(), spread.getEvaluated());
        assertEquals(plain.expansions(), spread.getExpansions());
        assertEquals(plain.proposed(), spread.getProposed());
        assertTrue(spread.getExpansions() > 0, "the debugger was used: " + spread);
        assertEquals(spread.getEvaluated(), spread.getExecuted(), "no program was evaluated twice");
    }

    /**
     * The two losses overlap in time, each with jobs of its own: the second kill waits only until the
     * first one's jobs run again (the majority of the three nodes left then keeps the cluster up).
     */
    @Test
    @Order(2)
    void jobsSurviveTheLossOfAShardNodeAndThenOfACoordinatorNode() throws Exception {
        // A node with frontier shards (and executors) goes.
        List<String> shardLoss = submitRunning(client, 3);
        everyNodeListsEveryJob(List.of(api1, api2), shardLoss, false);
        worker1.kill();
        awaitRunAgain(client, shardLoss);

        // The API node that runs a job's coordinator goes.
        List<String> coordinatorLoss = submitRunning(client, 3);
        NodeProcess holder = cluster.runningJob(coordinatorLoss.get(0));
        assertNotNull(holder, "a node's log says it runs job " + coordinatorLoss.get(0));
        assertTrue(holder == api1 || holder == api2, holder.name() + " holds a job: jobs live on API nodes");
        holder.kill();
        NodeProcess survivor = holder == api1 ? api2 : api1;

        List<JobResult> answered = awaitAll(client, shardLoss);
        assertTrue(answered.stream().allMatch(r -> r.getAttempts() >= 2), "the jobs ran again: " + answered);
        answered = awaitAll(client, coordinatorLoss);
        assertTrue(answered.get(0).getAttempts() >= 2, "the job ran again on another node: " + answered.get(0));

        List<String> jobs = new ArrayList<>(shardLoss);
        jobs.addAll(coordinatorLoss);
        everyNodeListsEveryJob(List.of(survivor), jobs, true);
        assertTrue(survivor.process().isAlive(), survivor.name() + " stays up");
        assertTrue(worker2.process().isAlive(), "the split-brain resolver kept the majority side up");
    }
}
