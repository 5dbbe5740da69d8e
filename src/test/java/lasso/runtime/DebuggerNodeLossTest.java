package lasso.runtime;

import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.SearchSettings;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's only debugger is on a node that dies in the middle of an expansion: the job goes on with
 * random edits made by its frontier shards on their own node and ends with an answer, long before its
 * deadline.
 */
class DebuggerNodeLossTest {

    private static Config node(String roles, String extra) {
        return ConfigFactory.parseString("""
                akka.remote.artery.canonical.port = 0
                akka.cluster.roles = [%s]
                akka.cluster.distributed-data.gossip-interval = 200 ms
                akka.cluster.distributed-data.notify-subscribers-interval = 100 ms
                lasso.workers.executors = 2
                lasso.workers.synthesizers = 1
                lasso.workers.debuggers = 1
                lasso.coordinator.request-timeout = 10 minutes
                lasso.search.proposers.karel = enumerative
                %s
                """.formatted(roles, extra)).withFallback(ConfigFactory.load());
    }

    @Test
    void aJobWhoseDebuggerNodeDiesStillEndsWithAnAnswer() throws Exception {
        try (LassoRuntime first = LassoRuntime.start(node("api, synthesizer, executor", ""))) {
            first.awaitUp(Duration.ofSeconds(20));
            LassoRuntime second = LassoRuntime.start(node("debugger",
                    "lasso.cluster.join-self = off\nlasso.search.editors.karel = stall"));
            CompletableFuture<JobResult> result;
            try {
                Cluster.get(second.system()).manager().tell(Join.create(Cluster.get(first.system()).selfMember().address()));
                second.awaitUp(Duration.ofSeconds(30));
                TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = KarelTasks.task(6, 1, 16);
                // a first batch of one program, so that the search must expand before it can solve
                SearchSettings settings = new SearchSettings(Strategy.BEST_FIRST, 200, 20_000, 600_000, 1, 16, 1);
                result = first.solve(KarelTasks.spec(task, settings)).toCompletableFuture();
                assertTrue(StallingEditorFactory.CALLED.await(60, TimeUnit.SECONDS), "the job asked the debugger node");
                assertFalse(result.isDone(), "the job waits for its edits");
            } finally {
                second.close();
            }
            JobResult done = result.get(120, TimeUnit.SECONDS);
            assertNotEquals(JobState.FAILED, done.state(), done.toString());
            assertNotEquals(StopReason.DEADLINE, done.stopReason(), done.toString());
            assertFalse(done.program().isEmpty(), "an answer: " + done);
            assertTrue(done.expansions() > 1, "expanded on after the loss: " + done);
            assertEquals(5, done.givenTotal());
        }
    }
}
