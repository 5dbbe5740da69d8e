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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Best-first jobs whose frontier shards search on their own ({@code lasso.frontier.mode = async})
 * over two nodes in one JVM, both with executors, so that the shards live on both and candidates,
 * edits, statuses and credit cross the wire: a job is solved with no program evaluated twice, and a
 * job that runs into its evaluation budget spends exactly that budget over all its shards.
 */
class AsyncFrontierTest {

    private static Config node(String roles) {
        return ConfigFactory.parseString("""
                akka.remote.artery.canonical.port = 0
                akka.cluster.roles = [%s]
                lasso.frontier.mode = async
                lasso.frontier.shards = 4
                lasso.workers.executors = 1
                lasso.workers.synthesizers = 1
                lasso.workers.debuggers = 1
                lasso.search.proposers.karel = enumerative
                """.formatted(roles)).withFallback(ConfigFactory.load());
    }

    @Test
    void jobsSpreadOverTwoNodesSolveAndStayWithinTheirBudgets() throws Exception {
        try (LassoRuntime first = LassoRuntime.start(node("api, model, executor"))) {
            first.awaitUp(Duration.ofSeconds(20));
            Config secondConfig = ConfigFactory.parseString("lasso.cluster.join-self = off")
                    .withFallback(node("model, executor"));
            try (LassoRuntime second = LassoRuntime.start(secondConfig)) {
                Cluster.get(second.system()).manager().tell(Join.create(Cluster.get(first.system()).selfMember().address()));
                second.awaitUp(Duration.ofSeconds(30));

                TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = KarelTasks.task(6, 1, 16);
                JobResult solved = first.solve(KarelTasks.spec(task, KarelTasks.settings(Strategy.BEST_FIRST, 20_000,
                        120_000))).toCompletableFuture().get(3, TimeUnit.MINUTES);
                assertEquals(JobState.SOLVED, solved.state(), solved.toString());
                assertEquals(5, solved.givenPassed());
                assertEquals(solved.evaluated(), solved.executed(), "no program evaluated twice: " + solved);

                // A budget far below what the task needs: spent to the last program, never beyond.
                SearchSettings small = new SearchSettings(Strategy.BEST_FIRST, 1_000, 700, 120_000, 64, 16, 1, 2);
                JobResult spent = first.solve(KarelTasks.spec(KarelTasks.task(7, 3, 30), small))
                        .toCompletableFuture().get(3, TimeUnit.MINUTES);
                assertTrue(spent.state() == JobState.SOLVED || spent.stopReason() == StopReason.EVALUATION_BUDGET
                        || spent.stopReason() == StopReason.EXPANSION_BUDGET, spent.toString());
                if (spent.stopReason() == StopReason.EVALUATION_BUDGET) {
                    assertEquals(700, spent.evaluated(), spent.toString());
                }
                assertTrue(spent.evaluated() <= 700 && spent.expansions() <= 1_000, spent.toString());
                assertEquals(spent.evaluated(), spent.executed(), "no program evaluated twice: " + spent);
            }
        }
    }
}
