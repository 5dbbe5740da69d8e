package lasso.runtime;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.EntityContext;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
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
 * Two API nodes of one cluster in one JVM, sharing a journal. A running job's entity lives on the
 * node that leaves, in the state Akka 2.8.6 can leave a remembered entity in after its shard moves
 * with the coordinator (see {@link JobRevival}): gone from that node and started nowhere else. Nobody
 * asks about the job; the node that stays wakes it from the journal, and it reaches its answer.
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
    void aJobWhoseEntityLeftWithItsNodeIsAnsweredWithoutACaller() throws Exception {
        String journal = "jdbc:h2:mem:handed-over-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        LassoRuntime leaves = LassoRuntime.start(node(journal, true));
        boolean left = false;
        try (LassoRuntime stays = LassoRuntime.start(node(journal, false))) {
            Cluster.get(stays.system()).manager().tell(Join.create(Cluster.get(leaves.system()).selfMember().address()));
            stays.awaitUp(Duration.ofSeconds(60));
            // The job's entity runs on the node that leaves, outside Cluster Sharding: no shard remembers it.
            String job = UUID.randomUUID().toString();
            TestProbe<ClusterSharding.ShardCommand> shard = TestProbe.create(leaves.system());
            ActorRef<JobEntity.Command> entity = leaves.system().systemActorOf(JobEntity.create(
                    new EntityContext<>(JobEntity.TYPE_KEY, job, shard.getRef())), "job-" + job, Props.empty());
            TestProbe<JobEntity.Accepted> accepted = TestProbe.create(leaves.system());
            TestProbe<JobRegistry.Command> registry = TestProbe.create(leaves.system());
            // Long enough to be running still when its node has left, short enough to end soon after.
            entity.tell(new JobEntity.Accept(LassoRuntimeTest.unsolvable(Duration.ofSeconds(15)), null, true,
                    registry.getRef(), accepted.getRef()));
            assertTrue(accepted.receiveMessage(Duration.ofSeconds(60)).running());
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
}
