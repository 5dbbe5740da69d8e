package lasso.runtime;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.sharding.ShardRegion;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two API nodes of one cluster in one JVM, sharing a journal. A job whose entity lives on the node
 * that leaves (gracefully, handing its jobs over) must reach its answer on the other node though
 * nobody asks about it: Cluster Sharding hands the entity's shard over and starts its remembered
 * entities there, and the node that stays wakes the live jobs of the journal besides
 * ({@link JobRevival}, the safety net that {@link JobRevivalTest} checks on its own).
 */
class HandedOverJobTest {

    private static Config node(String journal, boolean joinSelf) {
        return ConfigFactory.parseMap(Map.of(
                "lasso.journal.url", journal, "lasso.jobs.on-close", "hand-over",
                "lasso.search.proposers.karel", "enumerative", "lasso.workers.executors", 1,
                "lasso.workers.synthesizers", 1, "lasso.workers.debuggers", 1,
                "lasso.cluster.join-self", joinSelf, "akka.remote.artery.canonical.port", 0))
                .withFallback(ConfigFactory.load());
    }

    @Test
    void aJobOfANodeThatLeavesIsAnsweredWithoutACaller() throws Exception {
        String journal = "jdbc:h2:mem:handed-over-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        LassoRuntime leaves = LassoRuntime.start(node(journal, true));
        boolean left = false;
        try (LassoRuntime stays = LassoRuntime.start(node(journal, false))) {
            Cluster.get(stays.system()).manager().tell(Join.create(Cluster.get(leaves.system()).selfMember().address()));
            stays.awaitUp(Duration.ofSeconds(60));
            // Long enough to be running still when its node has left, short enough to end soon after.
            JobSpec spec = LassoRuntimeTest.unsolvable(Duration.ofSeconds(15));
            String job = null;
            for (int i = 0; i < 20 && job == null; i++) {
                String id = leaves.submit(spec, null, "job-" + i).toCompletableFuture().get(60, TimeUnit.SECONDS);
                if (hosted(leaves, id)) {
                    job = id;
                }
            }
            assertTrue(job != null, "one of the jobs lives on the node that leaves");
            leaves.close();
            left = true;

            // Read from the journal, as ListJobs does before it asks the entities: nothing here wakes the job.
            ActorRef<JobIndex.Command> index = stays.system().systemActorOf(JobIndex.create(), "index-" + UUID.randomUUID(),
                    Props.empty());
            Set<JobState> ended = EnumSet.of(JobState.SOLVED, JobState.UNSOLVED, JobState.FAILED, JobState.CANCELLED);
            long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!AskPattern.<JobIndex.Command, JobIndex.Found>ask(index,
                            replyTo -> new JobIndex.Find(100, Long.MAX_VALUE, ended, replyTo), Duration.ofSeconds(30),
                            stays.system().scheduler())
                    .toCompletableFuture().get(60, TimeUnit.SECONDS).jobIds().contains(job)) {
                assertTrue(System.nanoTime() < bound, "job " + job + " reached an answer on the node that stayed");
                Thread.sleep(200);
            }
            JobResult result = stays.result(job).toCompletableFuture().get(30, TimeUnit.SECONDS).orElseThrow();
            assertEquals(JobState.UNSOLVED, result.state(), result.toString());
            assertTrue(result.attempts() >= 2, "it ran again on the node that stayed: " + result);
        } finally {
            if (!left) {
                leaves.close();
            }
        }
    }

    /** Whether the job's entity runs on {@code node}. */
    private static boolean hosted(LassoRuntime node, String jobId) {
        TestProbe<ShardRegion.CurrentShardRegionState> probe = TestProbe.create(node.system());
        ClusterSharding.get(node.system()).shardState().tell(new GetShardRegionState(JobEntity.TYPE_KEY, probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(30)).getShards().stream()
                .anyMatch(shard -> shard.getEntityIds().contains(jobId));
    }
}
