package lasso.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs are journaled: the embedded node, stopped and started again on its H2 file, answers the
 * jobs it accepted before (the one that was running runs again; the queued one starts); and a
 * submission repeated with the same idempotency key names the first one's job.
 */
class DurableJobTest {

    private static Config node(Path journal) {
        return ConfigFactory.parseString("""
                lasso.journal.url = "jdbc:h2:file:%s"
                lasso.jobs.on-close = hand-over
                lasso.jobs.max-running = 1
                lasso.coordinator.progress-interval = 100 ms
                """.formatted(journal.resolve("journal"))).withFallback(ConfigFactory.load());
    }

    @Test
    void jobsAcceptedBeforeARestartAreAnsweredAfterIt(@TempDir Path dir) throws Exception {
        JobSpec longJob = LassoRuntimeTest.unsolvable(Duration.ofMinutes(10));
        JobSpec quick = KarelTasks.spec(KarelTasks.task(1, 4, 12), KarelTasks.settings(Strategy.BEST_FIRST, 20_000, 600_000));
        String running;
        String queued;
        try (LassoRuntime first = LassoRuntime.start(node(dir))) {
            first.awaitUp(Duration.ofSeconds(30));
            running = first.submit(longJob).toCompletableFuture().get(30, TimeUnit.SECONDS);
            queued = first.submit(quick).toCompletableFuture().get(30, TimeUnit.SECONDS);
            awaitState(first, running, Set.of(JobState.RUNNING));
            assertEquals(JobState.QUEUED, first.result(queued).toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .orElseThrow().state());
        }
        try (LassoRuntime second = LassoRuntime.start(node(dir))) {
            second.awaitUp(Duration.ofSeconds(30));
            // The queued job lost its registry with the first node: it starts on its own and is solved.
            JobResult solved = second.awaitResult(queued).toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertEquals(JobState.SOLVED, solved.state(), solved.toString());
            // The running one searches again (its deadline still counts from its submission).
            awaitState(second, running, Set.of(JobState.RUNNING));
            JobResult cancelled = second.cancel(running).toCompletableFuture().get(30, TimeUnit.SECONDS).orElseThrow();
            assertEquals(JobState.CANCELLED, cancelled.state());
            assertEquals(StopReason.CANCELLED, cancelled.stopReason());
        }
        try (LassoRuntime third = LassoRuntime.start(node(dir))) {
            third.awaitUp(Duration.ofSeconds(30));
            assertEquals(JobState.CANCELLED, third.result(running).toCompletableFuture().get(30, TimeUnit.SECONDS)
                    .orElseThrow().state(), "results stay in the journal");
        }
    }

    @Test
    void theSameIdempotencyKeyNamesTheSameJob(@TempDir Path dir) throws Exception {
        JobSpec quick = KarelTasks.spec(KarelTasks.task(1, 4, 12), KarelTasks.settings(Strategy.BEST_FIRST, 20_000, 600_000));
        try (LassoRuntime runtime = LassoRuntime.start(node(dir))) {
            runtime.awaitUp(Duration.ofSeconds(30));
            String first = runtime.submit(quick, "alice", "task-7").toCompletableFuture().get(30, TimeUnit.SECONDS);
            String again = runtime.submit(quick, "alice", "task-7").toCompletableFuture().get(30, TimeUnit.SECONDS);
            String other = runtime.submit(quick, "bob", "task-7").toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(first, again);
            assertNotEquals(first, other, "keys are the client's own");
            assertEquals(JobState.SOLVED, runtime.awaitResult(first).toCompletableFuture().get(120, TimeUnit.SECONDS)
                    .state());
            assertEquals(first, runtime.submit(quick, "alice", "task-7").toCompletableFuture().get(30, TimeUnit.SECONDS),
                    "a finished job too");
        }
    }

    private static void awaitState(LassoRuntime runtime, String jobId, Set<JobState> states) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JobState state;
        while (!states.contains(state = runtime.result(jobId).toCompletableFuture().get(30, TimeUnit.SECONDS)
                .orElseThrow().state())) {
            assertTrue(System.nanoTime() < deadline, "job " + jobId + " is still " + state);
            Thread.sleep(50);
        }
    }
}
