package lasso.runtime;

import com.typesafe.config.ConfigFactory;
import lasso.domain.Example;
import lasso.domain.TaskGenerator;
import lasso.domain.karel.KarelGrid;
import lasso.domain.karel.KarelProgram;
import lasso.search.Editors;
import lasso.search.Evaluator;
import lasso.search.Proposers;
import lasso.search.Search;
import lasso.search.SearchRunner;
import lasso.search.SearchSettings;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded node end to end: real synthesizers, executors and debuggers on a one-node cluster,
 * Karel jobs from the generator.
 */
class LassoRuntimeTest {

    private static LassoRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = LassoRuntime.start(ConfigFactory.parseString("lasso.coordinator.progress-interval = 50 ms")
                .withFallback(ConfigFactory.load()));
        runtime.awaitUp(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static JobResult await(java.util.concurrent.CompletionStage<JobResult> result) throws Exception {
        return result.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** The actors run the same search as the plain driver: same answer, same counts, whatever the timing. */
    @ParameterizedTest
    @EnumSource(Strategy.class)
    void actorsAgreeWithThePlainSearch(Strategy strategy) throws Exception {
        TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = KarelTasks.task(5, 2, 16);
        SearchSettings settings = new SearchSettings(strategy, 50, 3000, 60_000, 64, 8, 7);
        JobResult actors = await(runtime.solve(KarelTasks.spec(task, settings)));

        Search<KarelProgram> plain = new SearchRunner<>(
                new Evaluator<>(KarelTasks.KAREL, KarelTasks.given(task), KarelTasks.heldout(task)),
                Proposers.create(KarelTasks.KAREL, null), Editors.create(KarelTasks.KAREL, null)).run(settings);

        assertEquals(plain.stopReason(), actors.stopReason());
        assertEquals(plain.best().map(b -> KarelTasks.KAREL.print(b.program())).orElse(""), actors.program());
        assertEquals(plain.evaluated(), actors.evaluated());
        assertEquals(plain.expansions(), actors.expansions());
        assertEquals(plain.proposed(), actors.proposed());
    }

    @Test
    void solvesAGeneratedTaskAndChecksItOnTheHeldOutExample() throws Exception {
        TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = KarelTasks.task(1, 4, 12);
        JobResult result = await(runtime.solve(KarelTasks.spec(task, KarelTasks.settings(Strategy.BEST_FIRST, 20_000, 60_000))));
        assertEquals(JobState.SOLVED, result.state(), result.toString());
        assertEquals(StopReason.FOUND, result.stopReason());
        assertEquals(5, result.givenPassed());
        assertEquals(5, result.givenTotal());
        assertEquals(1, result.heldoutTotal());
        KarelProgram found = KarelTasks.KAREL.parse(result.program());
        for (Example<KarelGrid, KarelGrid> example : KarelTasks.given(task)) {
            assertTrue(KarelTasks.KAREL.passes(found, example), "the answer passes every given example");
        }
        assertEquals(KarelTasks.KAREL.passes(found, KarelTasks.heldout(task).get(0)) ? 1 : 0, result.heldoutPassed());
    }

    /** No fixed wait: the job runs until the watcher has seen it evaluate, however slow the machine, then is cancelled. */
    @Test
    void watchersSeeProgressThenTheResult() throws Exception {
        JobSpec spec = unsolvable(Duration.ofSeconds(60));
        String jobId = runtime.submit(spec).toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<JobResult> seen = new CopyOnWriteArrayList<>();
        LassoRuntime.Watch watch = runtime.watch(jobId, seen::add);
        assertTrue(watch.current().toCompletableFuture().get(10, TimeUnit.SECONDS).isPresent());
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.stream().noneMatch(s -> s.state() == JobState.RUNNING && s.evaluated() > 0)) {
            assertTrue(System.nanoTime() < bound, "the watcher sees the job evaluate: " + seen);
            Thread.sleep(10);
        }
        runtime.cancel(jobId).toCompletableFuture().get(10, TimeUnit.SECONDS);
        JobResult result = await(runtime.awaitResult(jobId));
        assertEquals(JobState.CANCELLED, result.state());
        assertEquals(StopReason.CANCELLED, result.stopReason());
        assertTrue(result.evaluated() > 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.isEmpty() || !seen.get(seen.size() - 1).state().isFinal()) {
            assertTrue(System.nanoTime() < deadline, "the watcher gets the result");
            Thread.sleep(10);
        }
        assertEquals(result, seen.get(seen.size() - 1));
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).evaluated() >= seen.get(i - 1).evaluated(), "progress only grows");
        }
        assertEquals(Optional.of(result), runtime.result(jobId).toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void unknownJobsAreNotFound() throws Exception {
        assertTrue(runtime.result("nope").toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty());
        assertTrue(runtime.cancel("nope").toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty());
        assertTrue(runtime.watch("nope", r -> { }).current().toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void malformedJobsAreRefusedNamingTheProblem() {
        JobSpec spec = new JobSpec("karel", "bad", "{\"guid\": \"x\"}", 1, 0,
                KarelTasks.settings(Strategy.BEAM, 10, 1000));
        Exception e = assertThrows(Exception.class, () -> runtime.submit(spec).toCompletableFuture().get(5, TimeUnit.SECONDS));
        JobRefusedException refused = (JobRefusedException) e.getCause();
        assertEquals(JobRegistry.Refusal.INVALID, refused.refusal());
        assertTrue(refused.getMessage().contains("program_tokens") || refused.getMessage().contains("examples"),
                refused.getMessage());
        Exception unknown = assertThrows(Exception.class, () -> runtime.submit(new JobSpec("cobol", "bad", "{}", 1, 0,
                KarelTasks.settings(Strategy.BEAM, 10, 1000))).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(unknown.getCause().getMessage().contains("unknown domain 'cobol'"), unknown.getMessage());
    }

    /**
     * A job no program can solve: the same input must give two different outputs. It searches until
     * its deadline.
     */
    static JobSpec unsolvable(Duration deadline) {
        TaskGenerator.Generated<KarelProgram, KarelGrid, KarelGrid> task = KarelTasks.task(2, 0, 12);
        List<Example<KarelGrid, KarelGrid>> given = KarelTasks.given(task);
        KarelGrid input = given.get(0).input();
        KarelGrid other = given.stream().map(Example::output).filter(o -> !o.equals(given.get(0).output()))
                .findFirst().orElseThrow();
        assertFalse(other.equals(given.get(0).output()));
        return JobCodec.encode(KarelTasks.KAREL, "unsolvable", List.of(Example.given(input, given.get(0).output()),
                Example.given(input, other)), List.of(), KarelTasks.settings(Strategy.BEST_FIRST, 10_000_000, deadline.toMillis()));
    }
}
