package lasso.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import lasso.domain.Domains;
import lasso.domain.Example;
import lasso.domain.c.CArray;
import lasso.domain.c.CDomain;
import lasso.search.SearchSettings;
import lasso.search.StopReason;
import lasso.search.Strategy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's bound on the programs its jobs hold: derived from the heap or configured, shared out among
 * the frontier shards open on the node, and a job whose shard reaches its share ends with
 * {@code MEMORY_BUDGET}, its best program and a note naming the bound, in lock-step and async shards.
 */
class HeldProgramsTest {

    private static Config node(String settings) {
        return ConfigFactory.parseString(settings + """

                lasso.workers.executors = 1
                lasso.workers.synthesizers = 1
                lasso.workers.debuggers = 1
                lasso.frontier.shards = 2
                lasso.search.proposers { karel = enumerative, c = generator }
                lasso.search.editors { karel = mutation, c = stall }
                """).withFallback(ConfigFactory.load());
    }

    @Test
    void theBoundComesFromTheHeapUnlessConfiguredAndIsSharedAmongTheShardsOpen() {
        Config auto = ConfigFactory.load();
        assertEquals((long) (512L * 1024 * 1024 * auto.getDouble("lasso.limits.held-programs-heap-fraction")
                / auto.getBytes("lasso.limits.held-program-bytes")), HeldPrograms.bound(auto, 512L << 20));
        Config fixed = ConfigFactory.parseString("lasso.limits.max-held-programs = 1000").withFallback(auto);
        assertEquals(1000, HeldPrograms.bound(fixed, 512L << 20));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> HeldPrograms.bound(
                ConfigFactory.parseString("lasso.limits.max-held-programs = 0").withFallback(auto), 1L << 30));
        assertTrue(zero.getMessage().contains("lasso.limits.max-held-programs"), zero.getMessage());

        HeldPrograms node = new HeldPrograms(1000);
        HeldPrograms.Share first = node.open();
        assertEquals(1000, first.getAsLong(), "alone, a shard may hold the whole bound");
        List<HeldPrograms.Share> others = List.of(node.open(), node.open(), node.open());
        assertEquals(250, first.getAsLong());
        others.get(0).close();
        others.get(0).close();
        assertEquals(333, first.getAsLong(), "a shard closed twice counts once");
        others.forEach(HeldPrograms.Share::close);
        assertEquals(1000, first.getAsLong());
    }

    /** What a frontier keeps of a program: equal to it, without the parsed form, its tokens shared; fingerprints by tokens. */
    @Test
    void aKeptProgramSharesItsTokensAndFingerprintsSeparateTokenBoundaries() {
        Program made = Program.parsed(List.of("a[0]", new String("=1".toCharArray()), ";"), new Object());
        Program kept = made.withoutParsed();
        assertEquals(made, kept);
        assertEquals(null, kept.parsedOrNull());
        Program other = Program.of(List.of("a[0]", new String("=1".toCharArray()), ";")).withoutParsed();
        assertTrue(kept.tokens().get(1) == other.tokens().get(1), "one copy of a token on the node");
        assertEquals(Program.fingerprint(made), Program.fingerprint(other));
        assertTrue(Program.fingerprint(Program.of(List.of("ab", "c"))) != Program.fingerprint(Program.of(List.of("a", "bc"))));
    }

    /**
     * A C job whose debugger never answers keeps its two shards open while a Karel job with the random
     * mutations runs into the bound: its share is a quarter of it (four shards open on the node).
     */
    @Test
    void aLockStepJobAtItsShareEndsWithItsBestProgram() throws Exception {
        try (LassoRuntime runtime = LassoRuntime.start(node("lasso.limits.max-held-programs = 2000"))) {
            runtime.awaitUp(Duration.ofSeconds(30));
            String holder = runtime.submit(stalledCJob()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!StallingEditorFactory.CALLED.await(100, TimeUnit.MILLISECONDS)) {
                assertTrue(System.nanoTime() < bound, "the C job expands (its shards are open): "
                        + runtime.result(holder).toCompletableFuture().get(10, TimeUnit.SECONDS));
            }

            JobResult ended = runtime.solve(LassoRuntimeTest.unsolvable(Duration.ofMinutes(5)))
                    .toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertMemoryBudget(ended, 500);

            runtime.cancel(holder).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(JobState.CANCELLED, runtime.awaitResult(holder).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS).state());
        }
    }

    @Test
    void anAsyncJobAtItsShareEndsWithItsBestProgram() throws Exception {
        try (LassoRuntime runtime = LassoRuntime.start(node("""
                lasso.limits.max-held-programs = 1000
                lasso.frontier.mode = async
                """))) {
            runtime.awaitUp(Duration.ofSeconds(30));
            JobResult ended = runtime.solve(LassoRuntimeTest.unsolvable(Duration.ofMinutes(5)))
                    .toCompletableFuture().get(3, TimeUnit.MINUTES);
            assertMemoryBudget(ended, 500);
        }
    }

    /** Ended on the bound, at a shard's share, with the best program (one of the two clashing examples). */
    private static void assertMemoryBudget(JobResult ended, long share) {
        assertEquals(JobState.UNSOLVED, ended.state(), ended.toString());
        assertEquals(StopReason.MEMORY_BUDGET, ended.stopReason(), ended.toString());
        assertTrue(ended.message().startsWith("memory budget: ") && ended.message().contains("its share (" + share
                + " programs) of its node's lasso.limits.max-held-programs"), ended.message());
        assertEquals(1, ended.givenPassed(), "the best program so far is the result: " + ended);
        assertTrue(!ended.program().isEmpty(), ended.toString());
        assertTrue(ended.evaluated() >= share && ended.evaluated() < 10_000_000, ended.toString());
    }

    /** A C job no program solves (random lists), searched best-first with a small batch. */
    private static JobSpec stalledCJob() {
        CDomain c = (CDomain) Domains.named("c");
        List<Example<CArray, CArray>> given = List.of(
                Example.given(CArray.of(0, 1, 4, -4, 3), CArray.of(-1, -4, -2, -3, 1)),
                Example.given(CArray.of(3, -1, 2, 4, -3), CArray.of(-1, -4, -1, 2, 0)));
        return JobCodec.encode(c, "holder", given, List.of(),
                new SearchSettings(Strategy.BEST_FIRST, 1_000, 1_000_000, 300_000, 8, 4, 1));
    }
}
