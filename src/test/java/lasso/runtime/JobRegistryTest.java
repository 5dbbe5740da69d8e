package lasso.runtime;

import akka.Done;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.sharding.typed.testkit.javadsl.TestEntityRef;
import com.typesafe.config.ConfigFactory;
import lasso.search.StopReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry's limits: one job runs, one waits, a third is refused; cancelling; shutting down; a job
 * whose end overtakes its acceptance.
 */
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

    /**
     * A fast job's end (told by its entity) can reach the registry before the journal's acceptance
     * (an ask): its slot must still be freed, or the node runs one job fewer for ever.
     */
    @Test
    void aJobThatEndsBeforeItsAcceptanceArrivesFreesItsSlot() throws Exception {
        ActorRef<JobRegistry.Command> registry = runtime.system().systemActorOf(JobRegistry.create(),
                "registry-overtaken", Props.empty());
        JobSpec longJob = LassoRuntimeTest.unsolvable(Duration.ofMinutes(5));
        // ask tells at once from this thread, so the end below is queued right behind the submission.
        CompletionStage<JobRegistry.Submitted> first = submitTo(registry, longJob, "overtaken", Duration.ofSeconds(10));
        String firstId = JobRegistry.jobId(null, "overtaken");
        registry.tell(new JobRegistry.Ended(firstId, null));
        assertEquals(firstId, first.toCompletableFuture().get(15, TimeUnit.SECONDS).jobId());

        // max-running = 1: the slot the first job took is free again, so the next job runs.
        String second = submitTo(registry, longJob, "", Duration.ofSeconds(10)).toCompletableFuture()
                .get(15, TimeUnit.SECONDS).jobId();
        assertEquals(JobState.RUNNING, state(second));
        runtime.cancel(firstId).toCompletableFuture().get(10, TimeUnit.SECONDS);
        runtime.cancel(second).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAcceptanceWaitsLongerThanTheJournalsOwnWriteTimeout() {
        var config = ConfigFactory.parseString("jdbc-journal.circuit-breaker.call-timeout = 40s")
                .withFallback(ConfigFactory.load());
        assertTrue(JobRegistry.journalTimeout(config).compareTo(Duration.ofSeconds(40)) > 0);
        assertTrue(JobRegistry.journalTimeout(ConfigFactory.load()).compareTo(
                ConfigFactory.load().getDuration("jdbc-journal.circuit-breaker.call-timeout")) > 0);
    }

    /** A caller that gave up before the registry's answer could see a timeout for a job that was accepted. */
    @Test
    void aSubmitterWaitsLongerThanTheRegistryWaitsForTheJournal() {
        var slow = ConfigFactory.parseString("jdbc-journal.circuit-breaker.call-timeout = 40s")
                .withFallback(ConfigFactory.load());
        for (var config : java.util.List.of(ConfigFactory.load(), slow)) {
            assertTrue(LassoRuntime.submitTimeout(config).compareTo(JobRegistry.journalTimeout(config)) > 0);
        }
    }
    /**
     * Cluster Sharding drops what it buffered for a shard being handed over: an Accept or a Start lost
     * that way is sent again until answered, and a job journaled by a try whose answer was lost is
     * still held by the registry that admitted it (or it would wait in no queue, never to start).
     */
    @Test
    void whatShardingDropsIsSentAgainAndTheAdmittingRegistryHoldsTheJob() throws Exception {
        Function<String, TestProbe<JobEntity.Command>> entity = probes();
        ActorRef<JobRegistry.Command> registry = registryOver(entity, "registry-lost");
        JobSpec longJob = LassoRuntimeTest.unsolvable(Duration.ofMinutes(5));
        String a = JobRegistry.jobId(null, "a");
        String b = JobRegistry.jobId(null, "b");

        CompletionStage<JobRegistry.Submitted> first = submitTo(registry, longJob, "a", Duration.ofSeconds(60));
        next(entity.apply(a), JobEntity.Accept.class); // lost: never answered
        JobEntity.Accept runs = next(entity.apply(a), JobEntity.Accept.class);
        assertTrue(runs.start());
        runs.replyTo().tell(new JobEntity.Accepted(a, true, true, true));
        assertEquals(a, first.toCompletableFuture().get(30, TimeUnit.SECONDS).jobId());

        CompletionStage<JobRegistry.Submitted> second = submitTo(registry, longJob, "b", Duration.ofSeconds(60));
        JobEntity.Accept waits = next(entity.apply(b), JobEntity.Accept.class);
        assertFalse(waits.start(), "max-running = 1: the second job is queued");
        // As when an earlier try journaled the job and its answer was lost: not new, but this registry's.
        waits.replyTo().tell(new JobEntity.Accepted(b, false, true, false));
        assertEquals(b, second.toCompletableFuture().get(30, TimeUnit.SECONDS).jobId());

        registry.tell(new JobRegistry.Ended(a, null));
        next(entity.apply(b), JobEntity.Start.class); // lost: never confirmed
        next(entity.apply(b), JobEntity.Start.class).replyTo().tell(Done.getInstance());
    }

    /**
     * A close that cancels its jobs waits for each job's end: a Cancel dropped by a hand-off is sent
     * again until the entity answers, or the close would wait for its timeout.
     */
    @Test
    void aCancelLostOnCloseIsSentAgainUntilTheJobAnswers() throws Exception {
        Function<String, TestProbe<JobEntity.Command>> entity = probes();
        ActorRef<JobRegistry.Command> registry = registryOver(entity, "registry-cancel");
        JobSpec longJob = LassoRuntimeTest.unsolvable(Duration.ofMinutes(5));
        String c = JobRegistry.jobId(null, "c");
        CompletionStage<JobRegistry.Submitted> submitted = submitTo(registry, longJob, "c", Duration.ofSeconds(60));
        next(entity.apply(c), JobEntity.Accept.class).replyTo().tell(new JobEntity.Accepted(c, true, true, true));
        assertEquals(c, submitted.toCompletableFuture().get(30, TimeUnit.SECONDS).jobId());

        CompletionStage<JobRegistry.Closed> closed = AskPattern.ask(registry,
                replyTo -> new JobRegistry.Close("closing", true, replyTo), Duration.ofSeconds(60),
                runtime.system().scheduler());
        next(entity.apply(c), JobEntity.Cancel.class); // lost: never answered
        JobEntity.Cancel again = next(entity.apply(c), JobEntity.Cancel.class);
        JobResult cancelled = JobResult.ended(c, longJob, JobState.CANCELLED, StopReason.CANCELLED, 1, "closing");
        again.replyTo().tell(new JobEntity.Lookup(cancelled, entity.apply(c).getRef()));
        registry.tell(new JobRegistry.Ended(c, null));
        assertEquals(1, closed.toCompletableFuture().get(30, TimeUnit.SECONDS).cancelled());
    }

    /** Asks {@code registry} to submit {@code spec} under the idempotency key {@code key}. */
    private static CompletionStage<JobRegistry.Submitted> submitTo(ActorRef<JobRegistry.Command> registry, JobSpec spec,
                                                                   String key, Duration timeout) {
        return AskPattern.ask(registry, replyTo -> new JobRegistry.Submit(spec, null, key, replyTo), timeout,
                runtime.system().scheduler());
    }

    /** Probes in place of the jobs' entities, one per job id, made on first use. */
    private static Function<String, TestProbe<JobEntity.Command>> probes() {
        Map<String, TestProbe<JobEntity.Command>> probes = new ConcurrentHashMap<>();
        return id -> probes.computeIfAbsent(id, key -> TestProbe.create(runtime.system()));
    }

    /** A registry whose jobs' entities are {@code entity}'s probes. */
    private static ActorRef<JobRegistry.Command> registryOver(Function<String, TestProbe<JobEntity.Command>> entity,
                                                            String name) {
        return runtime.system().systemActorOf(JobRegistry.create(
                id -> TestEntityRef.of(JobEntity.TYPE_KEY, id, entity.apply(id).getRef())), name, Props.empty());
    }

    /** The next message of {@code type}, past the Accepts sent again meanwhile. */
    private static <T extends JobEntity.Command> T next(TestProbe<JobEntity.Command> probe, Class<T> type) {
        long until = System.nanoTime() + JobEntity.SEND_AGAIN_AFTER.multipliedBy(10).toNanos();
        while (true) {
            JobEntity.Command message = probe.receiveMessage(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            if (type.isInstance(message)) {
                return type.cast(message);
            }
            assertTrue(message instanceof JobEntity.Accept, "unexpected " + message);
        }
    }
}
