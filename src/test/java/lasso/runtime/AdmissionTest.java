package lasso.runtime;

import com.typesafe.config.ConfigFactory;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission on a node without executors, where a running job makes no progress until its deadline or
 * a cancel: deadlines count in the queue, per-client quotas hold a client's jobs back while others
 * run, and a stuck job's progress still shows its time passing.
 */
class AdmissionTest {

    private static LassoRuntime runtime;
    private final List<String> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.parseString("""
                lasso.workers.executors = 0
                lasso.jobs.max-running = 2
                lasso.jobs.max-queued = 4
                lasso.jobs.per-client.max-running = 1
                lasso.jobs.per-client.max-queued = 2
                lasso.coordinator.progress-interval = 50 ms
                """).withFallback(ConfigFactory.load()));
        runtime.awaitUp(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @AfterEach
    void cancelStarted() throws Exception {
        for (String jobId : started) {
            runtime.cancel(jobId).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static JobSpec job(long deadlineMillis) {
        return KarelTasks.spec(KarelTasks.task(5, 0, 10), KarelTasks.settings(Strategy.BEST_FIRST, 1000, deadlineMillis));
    }

    private String submit(JobSpec spec, String client) throws Exception {
        String jobId = runtime.submit(spec, client).toCompletableFuture().get(10, TimeUnit.SECONDS);
        started.add(jobId);
        return jobId;
    }

    private static JobResult result(String jobId) throws Exception {
        return runtime.result(jobId).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
    }

    private static void awaitState(String jobId, JobState state) throws Exception {
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (result(jobId).state() != state) {
            assertTrue(System.nanoTime() < bound, jobId + " reaches " + state + ": " + result(jobId));
            Thread.sleep(20);
        }
    }

    @Test
    void aQueuedJobWhoseDeadlinePassesEndsWithoutRunning() throws Exception {
        submit(job(120_000), null);
        submit(job(120_000), null);
        String late = submit(job(300), null);
        assertEquals(JobState.QUEUED, result(late).state());
        JobResult ended = runtime.awaitResult(late).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(JobState.UNSOLVED, ended.state());
        assertEquals(StopReason.DEADLINE, ended.stopReason());
        assertEquals(0, ended.evaluated());
        assertEquals("the deadline passed while the job was queued", ended.message());
        assertTrue(ended.millis() >= 300, ended.toString());
    }

    @Test
    void aClientAtItsQuotaWaitsWhileAnotherRuns() throws Exception {
        String first = submit(job(120_000), "a");
        String second = submit(job(120_000), "a");
        String third = submit(job(120_000), "a");
        assertEquals(JobState.RUNNING, result(first).state());
        assertEquals(JobState.QUEUED, result(second).state(), "a free slot, but client a runs one job at most");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> runtime.submit(job(120_000), "a").toCompletableFuture().get(10, TimeUnit.SECONDS));
        JobRefusedException quota = (JobRefusedException) refused.getCause();
        assertEquals(JobRegistry.Refusal.CAPACITY, quota.refusal());
        assertTrue(quota.getMessage().contains("client a is at its quota: 1 jobs running (lasso.jobs.per-client"
                + ".max-running = 1) and 2 queued (lasso.jobs.per-client.max-queued = 2)"), quota.getMessage());

        String other = submit(job(120_000), "b");
        assertEquals(JobState.RUNNING, result(other).state(), "client b takes the free slot");
        runtime.cancel(first).toCompletableFuture().get(10, TimeUnit.SECONDS);
        awaitState(second, JobState.RUNNING);
        assertEquals(JobState.QUEUED, result(third).state());
    }

    /** An in-process job (the CLI's, another node's) is checked against the limits too, before any arithmetic. */
    @Test
    void theRegistryChecksTheLimitsWhoeverSubmits() {
        JobSpec huge = KarelTasks.spec(KarelTasks.task(5, 0, 10),
                new lasso.search.SearchSettings(Strategy.BEAM, 10, 1000, Long.MAX_VALUE, 1_000_000_000, 4, 1));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> runtime.submit(huge).toCompletableFuture().get(10, TimeUnit.SECONDS));
        JobRefusedException invalid = (JobRefusedException) refused.getCause();
        assertEquals(JobRegistry.Refusal.INVALID, invalid.refusal());
        assertEquals("batch_size: 1000000000 is above this server's limit of 4096 (lasso.limits.max-batch-size)",
                invalid.getMessage());
    }

    @Test
    void aStuckJobsProgressStillShowsItsTime() throws Exception {
        String jobId = submit(job(120_000), null);
        List<JobResult> snapshots = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> twoTimes = new CompletableFuture<>();
        LassoRuntime.Watch watch = runtime.watch(jobId, snapshot -> {
            snapshots.add(snapshot);
            if (snapshots.stream().filter(s -> s.state() == JobState.RUNNING).mapToLong(JobResult::millis)
                    .distinct().count() >= 2) {
                twoTimes.complete(null);
            }
        });
        try {
            twoTimes.get(30, TimeUnit.SECONDS);
        } finally {
            watch.stop().run();
        }
        assertTrue(snapshots.stream().allMatch(s -> s.evaluated() == 0), "nothing else moved: " + snapshots);
    }
}
