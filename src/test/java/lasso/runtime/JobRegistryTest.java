package lasso.runtime;

import com.typesafe.config.ConfigFactory;
import lasso.search.StopReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's limits: one job runs, one waits, a third is refused; cancelling; shutting down. */
class JobRegistryTest {

    private static LassoRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.parseString("""
                lasso.jobs.max-running = 1
                lasso.jobs.max-queued = 1
                """).withFallback(ConfigFactory.load()));
        runtime.awaitUp(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static String submit(JobSpec spec) throws Exception {
        return runtime.submit(spec).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static JobState state(String jobId) throws Exception {
        return runtime.result(jobId).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow().state();
    }

    @Test
    void limitsRefuseBeyondCapacityAndEveryAcceptedJobIsAnswered() throws Exception {
        JobSpec longJob = LassoRuntimeTest.unsolvable(Duration.ofMinutes(5));
        String running = submit(longJob);
        String queued = submit(longJob);
        assertEquals(JobState.RUNNING, state(running));
        assertEquals(JobState.QUEUED, state(queued));

        ExecutionException full = assertThrows(ExecutionException.class, () -> submit(longJob));
        JobRefusedException refused = (JobRefusedException) full.getCause();
        assertEquals(JobRegistry.Refusal.CAPACITY, refused.refusal());
        assertTrue(refused.getMessage().contains("1 jobs running and 1 queued"), refused.getMessage());

        JobResult cancelledInQueue = runtime.cancel(queued).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(JobState.CANCELLED, cancelledInQueue.state());
        assertEquals(0, cancelledInQueue.evaluated());

        // The freed queue slot takes a new job; cancelling the running one (once it searches) starts it.
        String next = submit(longJob);
        long searching = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runtime.result(running).toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow().evaluated() == 0) {
            assertTrue(System.nanoTime() < searching, "the running job searches");
            Thread.sleep(20);
        }
        JobResult cancelledRunning = runtime.cancel(running).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(JobState.CANCELLED, cancelledRunning.state());
        assertEquals(StopReason.CANCELLED, cancelledRunning.stopReason());
        assertTrue(cancelledRunning.evaluated() > 0, cancelledRunning.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (state(next) != JobState.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "the queued job starts when a slot frees");
            Thread.sleep(20);
        }

        // Shutting down answers the running job and refuses new ones.
        var answer = runtime.awaitResult(next);
        assertEquals(1, runtime.closeJobs("the server is shutting down", Duration.ofSeconds(10))
                .toCompletableFuture().get(15, TimeUnit.SECONDS));
        JobResult last = answer.toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(JobState.CANCELLED, last.state());
        assertEquals("the server is shutting down", last.message());
        ExecutionException closing = assertThrows(ExecutionException.class, () -> submit(longJob));
        assertEquals(JobRegistry.Refusal.CLOSING, ((JobRefusedException) closing.getCause()).refusal());
    }
}
